using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of the connection.* events: one payload shape, six event types.

internal abstract class ConnectionEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics, LogLevel level)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<ConnectionPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        var connection = alert.Alert.Payload?.Connection;
        HandlerLog.ConnectionChanged(
            Logger, level, alert.RuleType.Name, alert.Facts.ConnectionId, connection?.IntegrationKey, alert.Facts.CompanyId,
            connection?.Status, alert.ClientId);
        return connection?.Status;
    }
}

internal sealed class ConnectionCreatedHandler(ILogger<ConnectionCreatedHandler> logger, AlertHandlerMetrics metrics)
    : ConnectionEventHandler<ConnectionCreatedEvent>(logger, metrics, LogLevel.Information);

internal sealed class ConnectionConnectedHandler(ILogger<ConnectionConnectedHandler> logger, AlertHandlerMetrics metrics)
    : ConnectionEventHandler<ConnectionConnectedEvent>(logger, metrics, LogLevel.Information);

internal sealed class ConnectionDisconnectedHandler(ILogger<ConnectionDisconnectedHandler> logger, AlertHandlerMetrics metrics)
    : ConnectionEventHandler<ConnectionDisconnectedEvent>(logger, metrics, LogLevel.Information);

internal sealed class ConnectionReconnectedHandler(ILogger<ConnectionReconnectedHandler> logger, AlertHandlerMetrics metrics)
    : ConnectionEventHandler<ConnectionReconnectedEvent>(logger, metrics, LogLevel.Information);

internal sealed class ConnectionFailedHandler(ILogger<ConnectionFailedHandler> logger, AlertHandlerMetrics metrics)
    : ConnectionEventHandler<ConnectionFailedEvent>(logger, metrics, LogLevel.Warning);

internal sealed class ConnectionDeletedHandler(ILogger<ConnectionDeletedHandler> logger, AlertHandlerMetrics metrics)
    : ConnectionEventHandler<ConnectionDeletedEvent>(logger, metrics, LogLevel.Information);
