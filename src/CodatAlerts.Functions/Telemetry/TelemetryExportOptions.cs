using Microsoft.Extensions.Configuration;

namespace CodatAlerts.Functions.Telemetry;

/// <summary>
/// Where the worker sends its telemetry, decided from configuration once at start-up: Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, the console when <c>Telemetry__Console</c> is <c>true</c>
/// (local runs), or nowhere.
/// </summary>
/// <param name="ConnectionString">The Application Insights connection string, when set.</param>
/// <param name="Console">Whether to write spans, metrics and logs to standard output.</param>
internal sealed record TelemetryExportOptions(string? ConnectionString, bool Console)
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string ConsoleSetting = "Telemetry:Console";

    /// <summary>Whether any exporter is configured; without one the OpenTelemetry pipeline is not built at all.</summary>
    public bool ExportsAnything => ConnectionString is not null || Console;

    public static TelemetryExportOptions From(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        return new TelemetryExportOptions(
            string.IsNullOrWhiteSpace(connectionString) ? null : connectionString,
            configuration.GetValue(ConsoleSetting, defaultValue: false));
    }
}
