using System.Collections.Concurrent;
using CodatAlerts.Queueing;

namespace CodatAlerts.Tests.Fakes;

/// <summary>
/// Stands in for storage in unit tests of the intake's decisions (storage itself is tested against Azurite): records
/// what would be enqueued, or fails as told.
/// </summary>
internal sealed class RecordingEnqueuer : IAlertEnqueuer
{
    public ConcurrentQueue<AlertEnvelope> Enqueued { get; } = new();

    /// <summary>When set, every enqueue throws this instead of recording.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Runs after an envelope is recorded (say, to cancel the invocation once the alert is stored).</summary>
    public Action? AfterEnqueue { get; set; }

    public Task<EnqueueReceipt> EnqueueAsync(AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        Enqueued.Enqueue(envelope);
        AfterEnqueue?.Invoke();
        return Receipts[envelope.Partition];
    }

    // One finished receipt per partition, so that what the fake itself allocates never counts in the intake's
    // allocation measurements (tests read what was enqueued, never the receipt's message id).
    private static readonly Task<EnqueueReceipt>[] Receipts = [.. Enumerable.Range(0, AlertPartitions.Count)
        .Select(p => Task.FromResult(new EnqueueReceipt(AlertPartitions.QueueName(p), $"recorded-{p}", false)))];
}
