namespace CodatAlerts.Processing.Handlers;

/// <summary>
/// Handles alerts of one type: <c>LegacyAlert&lt;DataSyncCompletedData&gt;</c> for a legacy rule,
/// <c>ConnectionDeletedEvent</c> for an event type. Every handler registered for the type runs, in registration order.
/// </summary>
/// <remarks>
/// Delivery is at least once: a handler that throws makes the whole alert retry, so every handler of the type runs
/// again. Make handlers idempotent. Throw <see cref="PermanentAlertException"/> for a failure no retry can cure; any
/// other exception is retried and, after the host's attempts, poisoned.
/// </remarks>
/// <typeparam name="TAlert">The alert type.</typeparam>
public interface IAlertHandler<TAlert>
    where TAlert : class
{
    Task HandleAsync(AlertContext<TAlert> alert, CancellationToken cancellationToken);
}
