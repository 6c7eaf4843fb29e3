using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Replay;

/// <summary>
/// Moves poison messages back to their partition queue. Each message is re-sent first and deleted from poison
/// after, so a failure between the two leaves a copy in both places (a duplicate the records absorb), never none.
/// The original envelope is sent unchanged, so its dedup key holds: an alert that did complete is a duplicate when
/// it comes back, and a failed one is reopened first so that it runs again.
/// </summary>
/// <remarks>
/// A queue can only be read by receiving, so the scan holds each message it reads invisible for
/// <see cref="ScanHold"/> (longer than an HTTP request may last) and makes the ones it leaves visible again at the
/// end. A dry run therefore moves, deletes and rewrites nothing; it only raises the messages' dequeue counts, which
/// nothing reads on a poison queue.
/// </remarks>
public sealed class PoisonReplayer(
    AlertQueues queues,
    AlertRecordStore records,
    AlertMetrics metrics,
    IOptions<ProcessingOptions> options,
    ILogger<PoisonReplayer> logger)
{
    /// <summary>How long the scan keeps a read message from being read again: above the 230 s HTTP limit.</summary>
    public static readonly TimeSpan ScanHold = TimeSpan.FromMinutes(5);

    private const int ReceiveBatch = 32; // The service maximum per receive.

    public async Task<ReplayReport> ReplayAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReplayLog.Started(logger, request.DryRun, request.Partition, request.ClientId, request.RuleType, request.Since, request.Until, request.Max);

        var scanLimit = options.Value.ReplayScanLimit;
        var perPartition = new List<PartitionReplayReport>();
        int scanned = 0, matched = 0, replayed = 0;
        var complete = true;
        foreach (var partition in request.Partitions)
        {
            var poison = queues.Get(AlertPartitions.PoisonQueueName(partition));
            var held = new List<QueueMessage>();
            int partitionScanned = 0, partitionMatched = 0, partitionReplayed = 0;
            try
            {
                while (matched < request.Max)
                {
                    if (scanned >= scanLimit)
                    {
                        complete = false;
                        break;
                    }

                    var batch = await ReceiveAsync(poison, Math.Min(ReceiveBatch, scanLimit - scanned), cancellationToken);
                    if (batch.Length == 0)
                    {
                        break;
                    }

                    foreach (var message in batch)
                    {
                        scanned++;
                        partitionScanned++;
                        var alert = PoisonMessage.Read(message.Body);
                        if (matched >= request.Max || !request.Matches(alert.Envelope))
                        {
                            held.Add(message);
                            continue;
                        }

                        matched++;
                        partitionMatched++;
                        if (request.DryRun)
                        {
                            held.Add(message);
                            continue;
                        }

                        try
                        {
                            await MoveBackAsync(poison, partition, message, alert, cancellationToken);
                        }
                        catch
                        {
                            // Not moved (or moved and not deleted): visible again at once, not hidden for the scan hold.
                            held.Add(message);
                            throw;
                        }

                        replayed++;
                        partitionReplayed++;
                    }
                }
            }
            finally
            {
                await PoisonScanHold.ReleaseAsync(poison, held, logger);
            }

            perPartition.Add(new PartitionReplayReport(partition, poison.Name, partitionScanned, partitionMatched, partitionReplayed));
        }

        ReplayLog.Finished(logger, request.DryRun, scanned, matched, replayed, complete);
        return new ReplayReport(scanned, matched, replayed, request.DryRun, complete, perPartition);
    }

    private async Task MoveBackAsync(QueueClient poison, int partition, QueueMessage message, PoisonedAlert alert, CancellationToken cancellationToken)
    {
        if (alert.Envelope is { } envelope && await records.ReopenFailedAsync(envelope.ClientId, envelope.DedupKey, cancellationToken))
        {
            ReplayLog.Reopened(logger, envelope.DedupKey, envelope.ClientId);
        }

        var queue = AlertPartitions.QueueName(partition);
        await queues.SendAsync(queue, alert.OriginalMessage, null, null, cancellationToken);
        await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        if (alert.Envelope is { } replayed)
        {
            metrics.Replayed(replayed);
        }

        ReplayLog.Replayed(logger, alert.Envelope?.DedupKey, alert.Envelope?.ClientId, alert.Envelope?.RuleType, poison.Name, queue, alert.Reason);
    }

    private static async Task<QueueMessage[]> ReceiveAsync(QueueClient poison, int count, CancellationToken cancellationToken)
    {
        try
        {
            return (await poison.ReceiveMessagesAsync(count, ScanHold, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            return []; // No alert of this partition was ever poisoned.
        }
    }
}
