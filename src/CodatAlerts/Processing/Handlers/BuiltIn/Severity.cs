using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

/// <summary>The log level of an alert, from the statuses Codat documents (reference §2.2, §3).</summary>
internal static class Severity
{
    /// <summary>Push and write operations: <c>Failed</c> and <c>TimedOut</c> need attention.</summary>
    public static LogLevel OfPushStatus(string? status) =>
        status is not null && (status.Equals("Failed", StringComparison.OrdinalIgnoreCase) || status.Equals("TimedOut", StringComparison.OrdinalIgnoreCase))
            ? LogLevel.Warning
            : LogLevel.Information;

    /// <summary>Dataset statuses: the error states end in <c>Error</c> (<c>FetchError</c>, <c>AuthError</c>, …) or are <c>PrerequisiteNotMet</c>.</summary>
    public static LogLevel OfDatasetStatus(string? status) =>
        status is not null && (status.EndsWith("Error", StringComparison.OrdinalIgnoreCase) || status.Equals("PrerequisiteNotMet", StringComparison.OrdinalIgnoreCase))
            ? LogLevel.Warning
            : LogLevel.Information;
}
