using System.Text.Json.Serialization;

namespace CodatAlerts.Journey;

/// <summary>Source-generated JSON for journey lines and the journey endpoint: camelCase, enums as strings, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(JourneyEvent))]
[JsonSerializable(typeof(JourneyDocument))]
internal sealed partial class JourneyJsonContext : JsonSerializerContext;
