using System.Text.Json.Serialization;

namespace CodatAlerts.Functions.Console;

/// <summary>Source-generated JSON for the console's sign-in configuration.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConsoleSignIn))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
