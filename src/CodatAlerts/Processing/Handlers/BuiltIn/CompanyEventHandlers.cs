using CodatAlerts.Contract.Events;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

// Built-in handlers of company.created, company.deleted, company.product.added and company.product.removed.

internal abstract class CompanyEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<CompanyPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        HandlerLog.CompanyChanged(Logger, alert.RuleType.Name, alert.Facts.CompanyId, alert.ClientId);
        return null;
    }
}

internal abstract class CompanyProductEventHandler<TEvent>(ILogger logger, AlertHandlerMetrics metrics)
    : BuiltInAlertHandler<TEvent>(logger, metrics)
    where TEvent : CodatEvent<CompanyProductPayload>
{
    protected sealed override string? Record(AlertContext<TEvent> alert)
    {
        HandlerLog.CompanyProductChanged(
            Logger, alert.RuleType.Name, alert.Alert.Payload?.ProductIdentifier, alert.Facts.CompanyId, alert.ClientId);
        return null;
    }
}

internal sealed class CompanyCreatedHandler(ILogger<CompanyCreatedHandler> logger, AlertHandlerMetrics metrics)
    : CompanyEventHandler<CompanyCreatedEvent>(logger, metrics);

internal sealed class CompanyDeletedHandler(ILogger<CompanyDeletedHandler> logger, AlertHandlerMetrics metrics)
    : CompanyEventHandler<CompanyDeletedEvent>(logger, metrics);

internal sealed class CompanyProductAddedHandler(ILogger<CompanyProductAddedHandler> logger, AlertHandlerMetrics metrics)
    : CompanyProductEventHandler<CompanyProductAddedEvent>(logger, metrics);

internal sealed class CompanyProductRemovedHandler(ILogger<CompanyProductRemovedHandler> logger, AlertHandlerMetrics metrics)
    : CompanyProductEventHandler<CompanyProductRemovedEvent>(logger, metrics);
