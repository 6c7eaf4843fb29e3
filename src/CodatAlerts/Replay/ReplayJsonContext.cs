using System.Text.Json.Serialization;

namespace CodatAlerts.Replay;

/// <summary>Source-generated JSON for the replay endpoint (camelCase, indented for people reading it in a terminal).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ReplayReport))]
[JsonSerializable(typeof(ReplayError))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
