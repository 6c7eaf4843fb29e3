using System.Text.Json.Serialization;

namespace CodatAlerts.Functions.Console;

/// <summary>Source-generated JSON for the console's settings document.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConsoleSettings))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
