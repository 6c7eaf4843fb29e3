using System.Text.Json.Serialization;

namespace CodatAlerts.Operations.Background;

/// <summary>Source-generated JSON for status blobs and the operation endpoints: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(OperationStatus))]
[JsonSerializable(typeof(OperationStarted))]
[JsonSerializable(typeof(DryRunAnswer))]
internal sealed partial class BackgroundJsonContext : JsonSerializerContext;
