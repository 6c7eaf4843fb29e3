using CodatAlerts.Contract.Legacy;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of the legacy rules about datasets read from a company (rules 3, 4, 5 and 8).

internal sealed class DataSyncCompletedHandler(ILogger<DataSyncCompletedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<DataSyncCompletedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<DataSyncCompletedData>> alert, DataSyncCompletedData? data)
    {
        HandlerLog.DatasetCompleted(
            Logger, alert.RuleType.Name, data?.DatasetId, data?.DataType, alert.Facts.CompanyId, alert.Facts.ConnectionId, alert.ClientId);
        return null;
    }
}

internal sealed class DatasetDataChangedHandler(ILogger<DatasetDataChangedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<DatasetDataChangedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<DatasetDataChangedData>> alert, DatasetDataChangedData? data)
    {
        HandlerLog.DatasetCompleted(
            Logger, alert.RuleType.Name, data?.DatasetId, data?.DataType, alert.Facts.CompanyId, alert.Facts.ConnectionId, alert.ClientId);
        return null;
    }
}

internal sealed class DataSyncStatusChangedToErrorHandler(ILogger<DataSyncStatusChangedToErrorHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<DataSyncStatusChangedToErrorData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<DataSyncStatusChangedToErrorData>> alert, DataSyncStatusChangedToErrorData? data)
    {
        HandlerLog.DatasetFailed(
            Logger, data?.DatasetId, data?.DataType, alert.Facts.CompanyId, alert.Facts.ConnectionId, data?.DatasetStatus, alert.ClientId);
        return data?.DatasetStatus;
    }
}

internal sealed class AccountCategoriesUpdatedHandler(ILogger<AccountCategoriesUpdatedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<AccountCategoriesUpdatedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<AccountCategoriesUpdatedData>> alert, AccountCategoriesUpdatedData? data)
    {
        HandlerLog.AccountCategoriesUpdated(Logger, alert.Facts.CompanyId, data?.ModifiedDate, alert.ClientId);
        return null;
    }
}
