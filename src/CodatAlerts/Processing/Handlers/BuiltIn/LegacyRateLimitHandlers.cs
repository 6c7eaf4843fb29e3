using CodatAlerts.Contract.Legacy;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of the legacy client-wide rate-limit rules (rules 12 and 13): no company, no connection.

internal sealed class ClientRateLimitReachedHandler(ILogger<ClientRateLimitReachedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<ClientRateLimitReachedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<ClientRateLimitReachedData>> alert, ClientRateLimitReachedData? data)
    {
        HandlerLog.RateLimitReached(Logger, alert.ClientId, data?.DailyQuota, data?.ExpiresUtc);
        return null;
    }
}

internal sealed class ClientRateLimitResetHandler(ILogger<ClientRateLimitResetHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<ClientRateLimitResetData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<ClientRateLimitResetData>> alert, ClientRateLimitResetData? data)
    {
        HandlerLog.RateLimitReset(Logger, alert.ClientId, data?.ResetReason, data?.QuotaRemaining, data?.DailyQuota, data?.ExpiresUtc);
        return null;
    }
}
