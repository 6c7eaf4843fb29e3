using CodatAlerts.Queueing;

namespace CodatAlerts.Processing;

/// <summary>Parses an alert for its rule type and runs the handlers registered for that type.</summary>
public interface IAlertDispatcher
{
    /// <summary>Dispatches one claimed alert.</summary>
    /// <param name="envelope">The envelope from the queue.</param>
    /// <param name="body">The raw Codat body (loaded from the claim-check blob when it was not inline).</param>
    /// <param name="cancellationToken">Cancelled when the claim's lease is about to run out.</param>
    /// <returns><see cref="DispatchOutcome.Handled"/>, or <see cref="DispatchOutcome.Parked"/> for a type with no handler.</returns>
    /// <exception cref="PermanentAlertException">The body cannot be parsed for its rule type: retrying cannot help.</exception>
    Task<DispatchOutcome> DispatchAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}
