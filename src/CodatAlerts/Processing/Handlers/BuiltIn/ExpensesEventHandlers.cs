using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of expenses.sync.successful and expenses.sync.unsuccessful.

internal abstract class ExpensesEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics, LogLevel level)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<ExpensesSyncPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        var sync = alert.Alert.Payload;
        var transactions = sync?.Transactions ?? [];
        var errors = transactions.Count(t => !string.IsNullOrEmpty(t.ErrorMessage));
        HandlerLog.ExpensesSynced(
            Logger, level, alert.RuleType.Name, sync?.SyncId, alert.Facts.CompanyId, transactions.Count, errors, alert.ClientId);
        return null;
    }
}

internal sealed class ExpensesSyncSuccessfulHandler(ILogger<ExpensesSyncSuccessfulHandler> logger, AlertHandlerMetrics metrics)
    : ExpensesEventHandler<ExpensesSyncSuccessfulEvent>(logger, metrics, LogLevel.Information);

internal sealed class ExpensesSyncUnsuccessfulHandler(ILogger<ExpensesSyncUnsuccessfulHandler> logger, AlertHandlerMetrics metrics)
    : ExpensesEventHandler<ExpensesSyncUnsuccessfulEvent>(logger, metrics, LogLevel.Warning);
