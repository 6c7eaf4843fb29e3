using System.Text.Json.Serialization;

namespace CodatAlerts.Queueing;

/// <summary>Source-generated JSON for the envelope: no reflection on the hot path, camelCase, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AlertEnvelope))]
[JsonSerializable(typeof(TextBodyEnvelope))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext;
