using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of {dataType}.write.successful and {dataType}.write.unsuccessful.

internal abstract class WriteEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<WritePayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        var write = alert.Alert.Payload;
        var level = Severity.OfPushStatus(write?.Status);
        HandlerLog.WriteCompleted(
            Logger, level, alert.RuleType.Name, write?.Type, alert.Facts.DataType, write?.Id,
            alert.Facts.CompanyId, alert.Facts.ConnectionId, write?.Status, alert.ClientId);
        return write?.Status;
    }
}

internal sealed class WriteSuccessfulHandler(ILogger<WriteSuccessfulHandler> logger, AlertHandlerMetrics metrics)
    : WriteEventHandler<WriteSuccessfulEvent>(logger, metrics);

internal sealed class WriteUnsuccessfulHandler(ILogger<WriteUnsuccessfulHandler> logger, AlertHandlerMetrics metrics)
    : WriteEventHandler<WriteUnsuccessfulEvent>(logger, metrics);
