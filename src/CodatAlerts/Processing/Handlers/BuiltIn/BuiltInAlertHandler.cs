using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

/// <summary>
/// The shape of every built-in handler: record what the alert means as a structured log event, then count it.
/// Built-in handlers only observe; a user adds or replaces handlers to act (see <see cref="HandlerServiceCollectionExtensions"/>).
/// </summary>
/// <typeparam name="TAlert">The alert type.</typeparam>
internal abstract class BuiltInAlertHandler<TAlert>(ILogger logger, AlertHandlerMetrics metrics) : IAlertHandler<TAlert>
    where TAlert : class
{
    protected ILogger Logger { get; } = logger;

    public Task HandleAsync(AlertContext<TAlert> alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var status = Record(alert);
        metrics.Handled(alert.RuleType.Name, alert.ClientId, status);
        return Task.CompletedTask;
    }

    /// <summary>Logs the facts of <paramref name="alert"/>; returns its status, when it has one, for the metric.</summary>
    protected abstract string? Record(AlertContext<TAlert> alert);
}
