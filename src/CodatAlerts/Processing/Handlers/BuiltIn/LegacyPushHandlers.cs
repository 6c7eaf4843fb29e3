using CodatAlerts.Contract.Legacy;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of the legacy rules about push (write) operations (rules 6 and 7).

internal sealed class PushOperationStatusChangedHandler(ILogger<PushOperationStatusChangedHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<PushOperationStatusChangedData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<PushOperationStatusChangedData>> alert, PushOperationStatusChangedData? data)
    {
        var level = Severity.OfPushStatus(data?.Status);
        HandlerLog.PushOperationStatusChanged(
            Logger, level, data?.PushOperationKey, data?.DataType, alert.Facts.CompanyId,
            alert.Facts.ConnectionId, data?.Status, alert.ClientId);
        return data?.Status;
    }
}

internal sealed class PushOperationTimedOutHandler(ILogger<PushOperationTimedOutHandler> logger, AlertHandlerMetrics metrics)
    : LegacyAlertHandler<PushOperationTimedOutData>(logger, metrics)
{
    protected override string? Record(AlertContext<LegacyAlert<PushOperationTimedOutData>> alert, PushOperationTimedOutData? data)
    {
        // pushOperationGuid is the deprecated duplicate of the key; older bodies may carry only it.
        HandlerLog.PushOperationTimedOut(
            Logger, data?.PushOperationKey ?? data?.PushOperationGuid, data?.DataType, alert.Facts.CompanyId, alert.Facts.ConnectionId, alert.ClientId);
        return null;
    }
}
