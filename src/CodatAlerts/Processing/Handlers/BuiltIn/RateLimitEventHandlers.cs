using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of client.rateLimit.reached and client.rateLimit.reset: client-wide, no company.

internal abstract class RateLimitEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics, LogLevel level)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<RateLimitPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        var quota = alert.Alert.Payload;
        HandlerLog.RateLimitChanged(
            Logger, level, alert.RuleType.Name, alert.ClientId, quota?.QuotaRemaining, quota?.DailyQuota, quota?.ExpiryDate);
        return null;
    }
}

internal sealed class ClientRateLimitReachedEventHandler(ILogger<ClientRateLimitReachedEventHandler> logger, AlertHandlerMetrics metrics)
    : RateLimitEventHandler<ClientRateLimitReachedEvent>(logger, metrics, LogLevel.Warning);

internal sealed class ClientRateLimitResetEventHandler(ILogger<ClientRateLimitResetEventHandler> logger, AlertHandlerMetrics metrics)
    : RateLimitEventHandler<ClientRateLimitResetEvent>(logger, metrics, LogLevel.Information);
