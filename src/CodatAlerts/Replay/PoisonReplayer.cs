using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Journey;
using CodatAlerts.Operations.Background;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Storage;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Replay;

/// <summary>
/// Moves poison messages back to their partition queue. The original envelope is sent unchanged, so its dedup key
/// holds: an alert that did complete is a duplicate when it comes back, and a failed one is reopened so that it runs
/// again. The poison queues are read raw (<see cref="PoisonQueueReader"/>): a message that is not base64 neither
/// stops the scan nor fails the call; its exact bytes are what moves.
/// </summary>
/// <remarks>
/// <para>Each move is ordered so that a failure at any step leaves the alert in poison with its record <c>failed</c>,
/// or on its way back with its record <c>released</c>, never <c>released</c> with the alert only in poison:</para>
/// <list type="number">
/// <item>the copy is sent to the partition queue hidden for <see cref="ReturnHold"/> (if the send fails, nothing changed);</item>
/// <item>the failed record is reopened (if that fails, the hidden copy surfaces later, finds the record failed and is
/// dropped as a duplicate: the alert is still in poison and its record still says so);</item>
/// <item>the copy is made visible (if that fails, it runs when its hold ends);</item>
/// <item>the poison message is deleted (if that fails, it stays as a duplicate the records absorb).</item>
/// </list>
/// <para>A storage failure stops the replay with a <see cref="ReplayInterruptedException"/> carrying what had moved.</para>
/// <para>A queue can only be read by receiving, so the scan holds each message it reads invisible for
/// <see cref="ScanHold"/> (longer than an HTTP request may last) and makes the ones it leaves visible again at the
/// end. A dry run therefore moves, deletes and rewrites nothing; it only raises the messages' dequeue counts, which
/// nothing reads on a poison queue.</para>
/// </remarks>
public sealed class PoisonReplayer(
    ProcessingStorage storage,
    AlertRecordStore records,
    IAlertJourney journey,
    TimeProvider time,
    AlertMetrics metrics,
    IOptions<ProcessingOptions> options,
    ILogger<PoisonReplayer> logger)
{
    /// <summary>How long the scan keeps a read message from being read again: above the 230 s HTTP limit.</summary>
    public static readonly TimeSpan ScanHold = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a copy sent back stays hidden unless the replay reveals it after reopening the record: well above
    /// <see cref="ReopenDeadline"/>, so the copy cannot run before a reopen that is still under way.
    /// </summary>
    public static readonly TimeSpan ReturnHold = TimeSpan.FromMinutes(10);

    /// <summary>How long the reopen write may take before the replay stops (503).</summary>
    public static readonly TimeSpan ReopenDeadline = TimeSpan.FromMinutes(2);

    private const int ReceiveBatch = 32; // The service maximum per receive.

    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    /// <summary>
    /// Replays (or counts) what <paramref name="request"/> selects. Each alert moved gets a journey <c>replayed</c> line
    /// with <paramref name="actor"/> and <paramref name="operationId"/>, and is passed to <paramref name="moved"/>
    /// (the background runner checkpoints with it) once it is out of poison.
    /// </summary>
    public async Task<ReplayReport> ReplayAsync(
        ReplayRequest request,
        CancellationToken cancellationToken,
        string? actor = null,
        string? operationId = null,
        Func<OperationAlert, Task>? moved = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReplayLog.Started(logger, request.DryRun, request.Partition, request.ClientId, request.RuleType, request.Since, request.Until, request.Max);

        var scanLimit = options.Value.ReplayScanLimit;
        var perPartition = new List<PartitionReplayReport>();
        var alerts = new List<OperationAlert>();
        int scanned = 0, matched = 0, replayed = 0;
        var complete = true;
        foreach (var partition in request.Partitions)
        {
            var poison = storage.Poison.Queue(partition);
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

                    var batch = await PoisonQueueReader.ReceiveAsync(poison, Math.Min(ReceiveBatch, scanLimit - scanned), ScanHold, cancellationToken);
                    if (batch.Length == 0)
                    {
                        break;
                    }

                    for (var i = 0; i < batch.Length; i++)
                    {
                        var entry = batch[i];
                        scanned++;
                        partitionScanned++;
                        if (matched >= request.Max || !request.Matches(entry.Alert.Envelope))
                        {
                            held.Add(entry.Stored);
                            continue;
                        }

                        matched++;
                        partitionMatched++;
                        if (request.DryRun)
                        {
                            held.Add(entry.Stored);
                            if (alerts.Count < OperationBounds.DryRunRows)
                            {
                                alerts.Add(Describe(partition, entry, result: null));
                            }

                            continue;
                        }

                        OperationAlert done;
                        try
                        {
                            done = await MoveBackAsync(poison, partition, entry, actor, operationId, cancellationToken);
                        }
                        catch
                        {
                            // Not moved (or moved and not deleted), and the rest of the batch not read: visible again at once.
                            held.AddRange(batch[i..].Select(e => e.Stored));
                            throw;
                        }

                        replayed++;
                        partitionReplayed++;
                        if (alerts.Count < OperationStatus.MaxAlertRows)
                        {
                            alerts.Add(done);
                        }

                        if (moved is not null)
                        {
                            await moved(done);
                        }
                    }
                }
            }
            catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
            {
                perPartition.Add(new PartitionReplayReport(partition, poison.Name, partitionScanned, partitionMatched, partitionReplayed));
                var soFar = new ReplayReport(scanned, matched, replayed, request.DryRun, Complete: false, perPartition, "Storage failed during the replay; run it again to move the rest.") { Alerts = alerts };
                ReplayLog.Interrupted(logger, ex, poison.Name, scanned, matched, replayed);
                throw new ReplayInterruptedException(soFar, ex);
            }
            finally
            {
                await PoisonScanHold.ReleaseAsync(poison, held, logger);
            }

            perPartition.Add(new PartitionReplayReport(partition, poison.Name, partitionScanned, partitionMatched, partitionReplayed));
        }

        ReplayLog.Finished(logger, request.DryRun, scanned, matched, replayed, complete);
        return new ReplayReport(scanned, matched, replayed, request.DryRun, complete, perPartition) { Alerts = alerts };
    }

    private static OperationAlert Describe(int partition, PoisonEntry entry, string? result) =>
        new(entry.Alert.Envelope?.ClientId ?? string.Empty, entry.Alert.Envelope?.DedupKey ?? string.Empty, entry.Alert.Envelope?.RuleType, entry.Alert.Envelope?.ReceivedAt,
            Reason: entry.Alert.Reason, Result: result, Partition: partition);

    private async Task<OperationAlert> MoveBackAsync(QueueClient poison, int partition, PoisonEntry entry, string? actor, string? operationId, CancellationToken cancellationToken)
    {
        var alert = entry.Alert;
        var queue = storage.Queues.Get(AlertPartitions.QueueName(partition));

        // 1. Hidden, so it cannot run (and be dropped as a duplicate of the failed record) before the reopen.
        var sent = await SendHiddenAsync(queue, alert.OriginalMessage, cancellationToken);

        // 2. The record says released only once a copy is on its way back.
        if (alert.Envelope is { } envelope)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ReopenDeadline);
            if (await records.ReopenFailedAsync(envelope.ClientId, envelope.DedupKey, deadline.Token))
            {
                ReplayLog.Reopened(logger, envelope.DedupKey, envelope.ClientId);
            }
        }

        // 3. Runs now rather than when the hold ends.
        try
        {
            await queue.UpdateMessageAsync(sent.MessageId, sent.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, CancellationToken.None))
        {
            ReplayLog.RevealFailed(logger, ex, sent.MessageId, queue.Name, ReturnHold);
        }

        // 4. Only now out of poison.
        await poison.DeleteMessageAsync(entry.Stored.MessageId, entry.Stored.PopReceipt, CancellationToken.None);
        if (alert.Envelope is { } replayed)
        {
            metrics.Replayed(replayed);

            // After the writes that made it true; the journey store keeps its own failures to itself.
            await journey.AppendAsync(replayed.ClientId, replayed.DedupKey, new JourneyEvent
            {
                Kind = JourneyEventKinds.Replayed,
                At = time.GetUtcNow(),
                Actor = actor,
                OperationId = operationId,
                IngestionId = replayed.IngestionId,
                MessageId = sent.MessageId,
                Outcome = alert.Reason, // Why it had been poisoned.
            }, CancellationToken.None);
        }

        ReplayLog.Replayed(logger, alert.Envelope?.DedupKey, alert.Envelope?.ClientId, alert.Envelope?.RuleType, poison.Name, queue.Name, alert.Reason);
        return Describe(partition, entry, "replayed");
    }

    // Never expires: the replayed copy may be the only one left. The partition queues exist (the trigger listens on
    // them); one missing is created, as AlertQueues does.
    private static async Task<SendReceipt> SendHiddenAsync(QueueClient queue, BinaryData message, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.SendMessageAsync(message, ReturnHold, NeverExpires, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return (await queue.SendMessageAsync(message, ReturnHold, NeverExpires, cancellationToken)).Value;
        }
    }
}
