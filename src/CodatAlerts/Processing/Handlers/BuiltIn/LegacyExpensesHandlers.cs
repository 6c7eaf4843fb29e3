using CodatAlerts.Contract.Legacy;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of the legacy Sync for Expenses rules (rules 10, 11 and 14).

internal sealed class SyncStartedHandler(ILogger<SyncStartedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<SyncStartedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<SyncStartedData>> alert, SyncStartedData? data)
    {
        HandlerLog.ExpensesSyncProgressed(
            Logger, alert.RuleType.Name, data?.SyncId, data?.SyncType, alert.Facts.CompanyId,
            data?.SyncDateRangeStartUtc, data?.SyncDateRangeFinishUtc, alert.ClientId);
        return null;
    }
}

internal sealed class SyncCompletedHandler(ILogger<SyncCompletedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<SyncCompletedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<SyncCompletedData>> alert, SyncCompletedData? data)
    {
        HandlerLog.ExpensesSyncProgressed(
            Logger, alert.RuleType.Name, data?.SyncId, data?.SyncType, alert.Facts.CompanyId,
            data?.SyncDateRangeStartUtc, data?.SyncDateRangeFinishUtc, alert.ClientId);
        return null;
    }
}

internal sealed class SyncFailedHandler(ILogger<SyncFailedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<SyncFailedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<SyncFailedData>> alert, SyncFailedData? data)
    {
        HandlerLog.ExpensesSyncFailed(Logger, data?.SyncId, data?.SyncType, alert.Facts.CompanyId, data?.FailureStage, alert.ClientId);
        return null;
    }
}
