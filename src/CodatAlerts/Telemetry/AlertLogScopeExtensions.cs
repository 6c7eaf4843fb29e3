using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Telemetry;

/// <summary>Begins <see cref="AlertLogScope"/>s.</summary>
public static class AlertLogScopeExtensions
{
    /// <summary>Begins the scope of <paramref name="envelope"/>; dispose it when the alert's work ends.</summary>
    public static IDisposable? BeginAlertScope(this ILogger logger, AlertEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(AlertLogScope.For(envelope));
    }

    /// <summary>Begins the scope of an incoming request that claims <paramref name="claimedClientId"/>.</summary>
    public static IDisposable? BeginRequestScope(this ILogger logger, string? claimedClientId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(AlertLogScope.ForRequest(claimedClientId));
    }
}
