using System.Text.Json.Serialization;

namespace CodatAlerts.Simulator.Reporting;

/// <summary>Source-generated JSON for <c>--json</c>: camelCase, indented, no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
