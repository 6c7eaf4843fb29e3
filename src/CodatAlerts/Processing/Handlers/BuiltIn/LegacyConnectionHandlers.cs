using CodatAlerts.Contract.Legacy;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of the legacy rules about companies and their connections (rules 1, 2 and 9).

internal sealed class DataConnectionStatusChangedHandler(ILogger<DataConnectionStatusChangedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<DataConnectionStatusChangedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<DataConnectionStatusChangedData>> alert, DataConnectionStatusChangedData? data)
    {
        HandlerLog.ConnectionStatusChanged(
            Logger, alert.Facts.ConnectionId, data?.PlatformKey, alert.Facts.CompanyId, data?.OldStatus, data?.NewStatus, alert.ClientId);
        return data?.NewStatus;
    }
}

internal sealed class NewCompanySynchronizedHandler(ILogger<NewCompanySynchronizedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<NewCompanySynchronizedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<NewCompanySynchronizedData>> alert, NewCompanySynchronizedData? data)
    {
        HandlerLog.CompanySynchronized(Logger, alert.Facts.CompanyId, alert.Facts.ConnectionId, data?.SourceType, alert.ClientId);
        return null;
    }
}

internal sealed class SyncConnectionDeletedHandler(ILogger<SyncConnectionDeletedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<SyncConnectionDeletedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<SyncConnectionDeletedData>> alert, SyncConnectionDeletedData? data)
    {
        HandlerLog.SyncConnectionDeleted(Logger, alert.Facts.CompanyId, alert.ClientId);
        return null;
    }
}
