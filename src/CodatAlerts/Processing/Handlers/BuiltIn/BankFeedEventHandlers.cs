using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of bankFeeds.sourceAccount.connected and .disconnected. The source account holds account
// numbers and balances: only its id and status are logged.

internal abstract class BankFeedEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<BankFeedSourceAccountPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        var account = alert.Alert.Payload?.SourceAccount;
        HandlerLog.BankFeedSourceAccountChanged(
            Logger, alert.RuleType.Name, account?.Id, alert.Facts.ConnectionId, alert.Facts.CompanyId,
            account?.Status, alert.ClientId);
        return account?.Status;
    }
}

internal sealed class BankFeedSourceAccountConnectedHandler(ILogger<BankFeedSourceAccountConnectedHandler> logger, AlertHandlerMetrics metrics)
    : BankFeedEventHandler<BankFeedSourceAccountConnectedEvent>(logger, metrics);

internal sealed class BankFeedSourceAccountDisconnectedHandler(ILogger<BankFeedSourceAccountDisconnectedHandler> logger, AlertHandlerMetrics metrics)
    : BankFeedEventHandler<BankFeedSourceAccountDisconnectedEvent>(logger, metrics);
