using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of read.completed and read.completed.initial: one log event per data type read.

internal abstract class ReadEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<ReadCompletedPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        var dataTypes = alert.Alert.Payload?.DataTypes;
        if (dataTypes is null or [])
        {
            HandlerLog.ReadWithoutDataTypes(Logger, alert.RuleType.Name, alert.Facts.CompanyId, alert.ClientId);
            return null;
        }

        foreach (var read in dataTypes)
        {
            var level = Severity.OfDatasetStatus(read.Status);
            HandlerLog.DataTypeRead(
                Logger, level, alert.RuleType.Name, read.DataType, read.ConnectionId, alert.Facts.CompanyId,
                read.Status, read.RecordsModified, alert.ClientId);
        }

        // One alert covers several data types, each with its own status: no single status to count by.
        return null;
    }
}

internal sealed class ReadCompletedHandler(ILogger<ReadCompletedHandler> logger, AlertHandlerMetrics metrics)
    : ReadEventHandler<ReadCompletedEvent>(logger, metrics);

internal sealed class ReadCompletedInitialHandler(ILogger<ReadCompletedInitialHandler> logger, AlertHandlerMetrics metrics)
    : ReadEventHandler<ReadCompletedInitialEvent>(logger, metrics);
