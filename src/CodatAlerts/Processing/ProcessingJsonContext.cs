using System.Text.Json.Serialization;

namespace CodatAlerts.Processing;

/// <summary>Source-generated JSON for the poison wrapper, in the envelope's style (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(PoisonMessage))]
internal sealed partial class ProcessingJsonContext : JsonSerializerContext;
