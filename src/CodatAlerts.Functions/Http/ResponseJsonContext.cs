using System.Text.Json.Serialization;
using CodatAlerts.Intake;

namespace CodatAlerts.Functions.Http;

/// <summary>Source-generated JSON for the response bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AcceptedAlert))]
[JsonSerializable(typeof(ProblemBody))]
internal sealed partial class ResponseJsonContext : JsonSerializerContext;
