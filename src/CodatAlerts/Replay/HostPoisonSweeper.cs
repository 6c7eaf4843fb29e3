using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Storage;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Replay;

/// <summary>
/// Puts the host's own poison copies into the app's form. The host moves a message to <c>-poison</c> after
/// <c>maxDequeueCount</c> failed dequeues (a worker that died mid-invocation, storage unreachable before the claim)
/// as a bare copy of the body with storage's default time to live of 7 days and no reason: unless someone replayed
/// it within the week, the alert would be lost. The sweep re-writes each such copy as a poison wrapper with the
/// reason <see cref="Reason"/> and no expiry, then deletes the bare copy, and counts it
/// (<c>codat.alerts.poisoned</c>, <c>outcome=retries-exhausted</c>), which fires the poison alert rule.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Which copies are the host's: a message that is not this app's wrapper <em>and</em> expires. Everything the
/// app writes never expires, including the bare form it falls back to for an original too large to wrap, so nothing
/// is swept twice.</item>
/// <item>Crash-safe order: the wrapped copy is written before the bare one is deleted; a crash between the two leaves
/// both (a duplicate the records absorb on replay), never neither.</item>
/// <item>Not a queue trigger on the poison queues: replay reads them, and a trigger would race it and the host would
/// apply its own poison rules to them. It runs on a timer (<c>SweepHostPoison</c>).</item>
/// </list>
/// </remarks>
public sealed class HostPoisonSweeper(
    ProcessingStorage storage,
    AlertMetrics metrics,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<HostPoisonSweeper> logger)
{
    /// <summary>The reason the sweep gives the host's copies.</summary>
    public const string Reason = "host retries exhausted (worker crashed?)";

    /// <summary>How long the sweep keeps a read message from others before it makes it visible again (or deletes it).</summary>
    public static readonly TimeSpan ScanHold = TimeSpan.FromMinutes(2);

    private const int ReceiveBatch = 32;

    // The app writes with a time to live of -1 (the service then answers an expiry in the year 9999); anything due
    // within a century was written with a time to live, by the host.
    private static readonly TimeSpan NeverExpiresAfter = TimeSpan.FromDays(36_500);

    /// <summary>Sweeps every partition's poison queue; returns how many host copies it re-wrote.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var scanLimit = options.Value.ReplayScanLimit;
        int scanned = 0, swept = 0;
        for (var partition = 0; partition < AlertPartitions.Count && scanned < scanLimit; partition++)
        {
            var poisonName = AlertPartitions.PoisonQueueName(partition);
            var poison = storage.Queues.Get(poisonName);
            var held = new List<QueueMessage>();
            try
            {
                while (scanned < scanLimit)
                {
                    var batch = await ReceiveAsync(poison, Math.Min(ReceiveBatch, scanLimit - scanned), cancellationToken);
                    if (batch.Length == 0)
                    {
                        break;
                    }

                    foreach (var message in batch)
                    {
                        scanned++;
                        if (!IsHostCopy(message))
                        {
                            held.Add(message);
                            continue;
                        }

                        await RewriteAsync(poison, partition, message);
                        swept++;
                    }
                }
            }
            finally
            {
                await PoisonScanHold.ReleaseAsync(poison, held, logger);
            }
        }

        ReplayLog.SweepFinished(logger, scanned, swept, scanned < scanLimit);
        return swept;
    }

    private bool IsHostCopy(QueueMessage message) =>
        message.ExpiresOn is { } expires
        && expires < time.GetUtcNow() + NeverExpiresAfter
        && PoisonMessage.Read(message.Body).Reason is null;

    private async Task RewriteAsync(QueueClient poison, int partition, QueueMessage message)
    {
        var alert = PoisonMessage.Read(message.Body);
        await storage.Queues.SendAsync(poison.Name, PoisonMessage.Create(message, Reason, time.GetUtcNow()), null, null, CancellationToken.None);
        await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        metrics.Poisoned(alert.Envelope, partition, PoisonCause.RetriesExhausted);
        ReplayLog.HostCopySwept(logger, alert.Envelope?.DedupKey, alert.Envelope?.ClientId, poison.Name, message.ExpiresOn);
    }

    private static async Task<QueueMessage[]> ReceiveAsync(QueueClient poison, int count, CancellationToken cancellationToken)
    {
        try
        {
            return (await poison.ReceiveMessagesAsync(count, ScanHold, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            return [];
        }
    }
}
