using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of reports.{report}.generate.successful and .unsuccessful; the report is the rule type's qualifier.

internal abstract class ReportEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics, LogLevel level)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<ReportPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        HandlerLog.ReportGenerated(
            Logger, level, alert.RuleType.Name, alert.RuleTypeQualifier, alert.Alert.Payload?.ReportId, alert.Facts.CompanyId, alert.ClientId);
        return null;
    }
}

internal sealed class ReportGenerateSuccessfulHandler(ILogger<ReportGenerateSuccessfulHandler> logger, AlertHandlerMetrics metrics)
    : ReportEventHandler<ReportGenerateSuccessfulEvent>(logger, metrics, LogLevel.Information);

internal sealed class ReportGenerateUnsuccessfulHandler(ILogger<ReportGenerateUnsuccessfulHandler> logger, AlertHandlerMetrics metrics)
    : ReportEventHandler<ReportGenerateUnsuccessfulEvent>(logger, metrics, LogLevel.Warning);
