using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers;

/// <summary>Log events of the dispatcher (350–359; built-in handlers use 360–399).</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(EventId = 350, Level = LogLevel.Warning,
        Message = "Parked alert {DedupKey} for client {ClientId}: rule type {RuleType} is not in the catalogue")]
    public static partial void UnknownRuleTypeParked(ILogger logger, string dedupKey, string clientId, string ruleType);

    [LoggerMessage(EventId = 351, Level = LogLevel.Warning,
        Message = "Parked alert {DedupKey} of type {RuleType} for client {ClientId}: no handler is registered for {AlertType}")]
    public static partial void NoHandlerParked(ILogger logger, string dedupKey, string ruleType, string clientId, string alertType);

    [LoggerMessage(EventId = 352, Level = LogLevel.Debug,
        Message = "Alert {DedupKey} of type {RuleType} ran {HandlerCount} handlers")]
    public static partial void Dispatched(ILogger logger, string dedupKey, string ruleType, int handlerCount);

    [LoggerMessage(EventId = 353, Level = LogLevel.Warning,
        Message = "Alert {DedupKey} of type {RuleType}: the value at {FieldPath} does not fit its type and is kept raw for the handlers ({Reason})")]
    public static partial void FieldKeptRaw(ILogger logger, string dedupKey, string ruleType, string fieldPath, string reason);
}
