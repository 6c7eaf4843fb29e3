namespace CodatAlerts.Queueing;

/// <summary>Durably stores an accepted alert on its partition queue.</summary>
public interface IAlertEnqueuer
{
    /// <summary>
    /// Returns only once the queue holds the message; throws on any failure, which the intake answers with 503.
    /// </summary>
    Task<EnqueueReceipt> EnqueueAsync(AlertEnvelope envelope, CancellationToken cancellationToken);
}
