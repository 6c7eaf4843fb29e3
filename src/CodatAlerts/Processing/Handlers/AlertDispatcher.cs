using CodatAlerts.Contract;
using CodatAlerts.Contract.Parsing;
using CodatAlerts.Queueing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers;

/// <summary>
/// Parses an alert as the type of its canonical rule type and runs every <see cref="IAlertHandler{TAlert}"/>
/// registered for that type, in a service scope of its own (so handlers may be scoped, whatever the caller's lifetime).
/// </summary>
internal sealed class AlertDispatcher(
    IServiceScopeFactory scopeFactory,
    UnreadableFieldMetrics unreadableFields,
    ILogger<AlertDispatcher> logger) : IAlertDispatcher
{
    public async Task<DispatchOutcome> DispatchAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);

        // Resolve again rather than trust RuleTypeKnown: a message queued by an older intake may name a type this
        // build knows. Unknown types are parked, never thrown, so they cannot loop through the poison queue.
        var match = RuleTypes.Resolve(envelope.RuleType);
        if (match is null)
        {
            DispatchLog.UnknownRuleTypeParked(logger, envelope.DedupKey, envelope.ClientId, envelope.RuleType);
            return DispatchOutcome.Parked;
        }

        var parsed = Parse(match with { Qualifier = match.Qualifier ?? envelope.RuleTypeQualifier }, envelope, body);
        foreach (var field in parsed.UnreadableFields)
        {
            DispatchLog.FieldKeptRaw(logger, envelope.DedupKey, match.RuleType.Name, field.Path, field.Reason);
            unreadableFields.Unreadable(match.RuleType.Name, field.Path);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var handlerCount = await parsed.Accept(new HandlerRun(scope.ServiceProvider, envelope, cancellationToken));
        if (handlerCount == 0)
        {
            DispatchLog.NoHandlerParked(logger, envelope.DedupKey, match.RuleType.Name, envelope.ClientId, NameOf(parsed.AlertType));
            return DispatchOutcome.Parked;
        }

        DispatchLog.Dispatched(logger, envelope.DedupKey, match.RuleType.Name, handlerCount);
        return DispatchOutcome.Handled;
    }

    private static ParsedAlert Parse(RuleTypeMatch match, AlertEnvelope envelope, ReadOnlyMemory<byte> body)
    {
        try
        {
            return AlertParser.Parse(match, envelope.Shape, body.Span);
        }
        catch (AlertFormatException ex)
        {
            throw new PermanentAlertException(ex.Message, ex);
        }
    }

    // The alert type as a user writes it in a registration: LegacyAlert<SyncFailedData>, not LegacyAlert`1.
    private static string NameOf(Type alertType)
    {
        if (!alertType.IsGenericType)
        {
            return alertType.Name;
        }

        var name = alertType.Name[..alertType.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", alertType.GetGenericArguments().Select(NameOf))}>";
    }

    /// <summary>Runs the handlers of one alert, with the alert's static type recovered from the parse.</summary>
    private sealed class HandlerRun(IServiceProvider services, AlertEnvelope envelope, CancellationToken cancellationToken)
        : IParsedAlertVisitor<Task<int>>
    {
        public async Task<int> Visit<TAlert>(ParsedAlert<TAlert> alert)
            where TAlert : class
        {
            var context = new AlertContext<TAlert>
            {
                Alert = alert.Alert,
                RuleType = alert.Match.RuleType,
                RuleTypeQualifier = alert.Match.Qualifier,
                Facts = alert.Facts,
                UnreadableFields = alert.UnreadableFields,
                ClientId = envelope.ClientId,
                DedupKey = envelope.DedupKey,
                Delivery = envelope.Delivery,
                ReceivedAt = envelope.ReceivedAt,
                Partition = envelope.Partition,
            };

            var count = 0;
            foreach (var handler in services.GetServices<IAlertHandler<TAlert>>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                await handler.HandleAsync(context, cancellationToken);
                count++;
            }

            return count;
        }
    }
}
