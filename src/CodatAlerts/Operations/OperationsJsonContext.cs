using System.Text.Json.Serialization;

namespace CodatAlerts.Operations;

/// <summary>Source-generated JSON for audit lines and answers: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(AuditPage))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;
