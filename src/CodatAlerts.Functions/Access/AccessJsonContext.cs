using System.Text.Json.Serialization;
using CodatAlerts.Functions.Http;

namespace CodatAlerts.Functions.Access;

/// <summary>Source-generated JSON for the access check's refusals and <c>GET /api/ops/me</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(OperatorSelf))]
internal sealed partial class AccessJsonContext : JsonSerializerContext;
