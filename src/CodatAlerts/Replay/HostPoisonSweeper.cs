using System.Diagnostics.Metrics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Storage;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Replay;

/// <summary>
/// Puts the host's own poison copies, and any message that is not base64, into the app's form. The host moves a
/// message to <c>-poison</c> after <c>maxDequeueCount</c> failed dequeues (a worker that died mid-invocation, storage
/// unreachable before the claim) as a bare copy of the body with storage's default time to live of 7 days and no
/// reason: unless someone replayed it within the week, the alert would be lost. The sweep re-writes each such copy as
/// a poison wrapper with the reason <see cref="Reason"/> and no expiry, then deletes the bare copy, and counts it
/// (<c>codat.alerts.poisoned</c>, <c>outcome=retries-exhausted</c>), which fires the poison alert rule. A message that
/// is not base64 (the host copies one raw) is wrapped the same way with its exact bytes and
/// <see cref="UndecodableReason"/> (<c>outcome=permanent</c>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Which copies are the host's: a message that is not this app's wrapper <em>and</em> expires. Everything the
/// app writes never expires, including the bare form it falls back to for an original too large to wrap, so nothing
/// is swept twice.</item>
/// <item>Every partition every run: each partition has its own budget of parked (app-form) messages to read past
/// (<see cref="ProcessingOptions.SweepPartitionBudget"/>); host copies met on the way are re-written whatever the
/// budget. The parked messages a pass read are made visible again at its end, which puts them behind the ones it did
/// not reach (the service hands out messages in the order they became visible), so the next run reads on from there:
/// a partition of N parked messages is read through every N / budget runs instead of its first messages every run.
/// A pass that stops early (budget, storage, cancellation) counts <c>codat.alerts.sweep_incomplete</c> and logs a
/// warning (408); the others still run.</item>
/// <item>Crash-safe order: the wrapped copy is written before the bare one is deleted; a crash between the two leaves
/// both (a duplicate the records absorb on replay), never neither. A delete that fails is followed by hiding the
/// bare copy until it expires, so the next run does not wrap it a second time.</item>
/// <item>Not a queue trigger on the poison queues: replay reads them, and a trigger would race it and the host would
/// apply its own poison rules to them. It runs on a timer (<c>SweepHostPoison</c>).</item>
/// </list>
/// </remarks>
public sealed class HostPoisonSweeper(
    ProcessingStorage storage,
    AlertMetrics metrics,
    IMeterFactory meterFactory,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<HostPoisonSweeper> logger)
{
    /// <summary>The reason the sweep gives the host's copies.</summary>
    public const string Reason = "host retries exhausted (worker crashed?)";

    /// <summary>The reason the sweep gives a message that is not base64.</summary>
    public const string UndecodableReason =
        "not base64: put on the queue by hand or by a producer that does not encode; kept byte for byte, and a replay sends these bytes";

    /// <summary>How long the sweep keeps a read message from others before it makes it visible again (or deletes it).</summary>
    public static readonly TimeSpan ScanHold = TimeSpan.FromMinutes(2);

    private const int ReceiveBatch = 32;

    // The app writes with a time to live of -1 (the service then answers an expiry in the year 9999); anything due
    // within a century was written with a time to live, by the host.
    private static readonly TimeSpan NeverExpiresAfter = TimeSpan.FromDays(36_500);

    // The longest visibility timeout the service accepts.
    private static readonly TimeSpan LongestHide = TimeSpan.FromDays(7);

    private readonly SweepMetrics _sweepMetrics = new(meterFactory);

    /// <summary>Sweeps every partition's poison queue, each within its own budget.</summary>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        var passes = new List<PartitionSweep>(AlertPartitions.Count);
        for (var partition = 0; partition < AlertPartitions.Count; partition++)
        {
            var pass = cancellationToken.IsCancellationRequested
                ? new PartitionSweep(partition, 0, 0, TimeSpan.Zero, SweepIncompleteReason.Cancelled)
                : await SweepPartitionAsync(partition, cancellationToken);
            if (pass.Incomplete is { } reason)
            {
                _sweepMetrics.Incomplete(partition, reason);
                ReplayLog.SweepIncomplete(logger, AlertPartitions.PoisonQueueName(partition), reason, pass.Read, (long)pass.Elapsed.TotalMilliseconds);
            }

            passes.Add(pass);
        }

        var report = new SweepReport(passes);
        ReplayLog.SweepFinished(logger, report.Read, report.Swept, report.Complete);
        return report;
    }

    private async Task<PartitionSweep> SweepPartitionAsync(int partition, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var poison = storage.Poison.Queue(partition);
        var budget = options.Value.SweepPartitionBudget;
        var held = new List<QueueMessage>(); // Received and left: made visible again at the end of the pass.
        int read = 0, swept = 0, parked = 0;
        string? incomplete = null;
        try
        {
            while (true)
            {
                if (parked >= budget)
                {
                    // Only messages this pass has not received are visible: is anything left behind?
                    incomplete = await PoisonQueueReader.AnyVisibleAsync(poison, cancellationToken) ? SweepIncompleteReason.Budget : null;
                    break;
                }

                var batch = await PoisonQueueReader.ReceiveAsync(poison, Math.Min(ReceiveBatch, budget - parked), ScanHold, cancellationToken);
                if (batch.Length == 0)
                {
                    break;
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    var entry = batch[i];
                    read++;
                    try
                    {
                        if (!await TryRewriteAsync(poison, partition, entry, cancellationToken))
                        {
                            held.Add(entry.Stored);
                            parked++;
                            continue;
                        }
                    }
                    catch
                    {
                        // This one (not deleted) and the rest of the batch: visible again for the next run, not hidden for the hold.
                        held.AddRange(batch[i..].Select(e => e.Stored));
                        throw;
                    }

                    swept++;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            incomplete = SweepIncompleteReason.Cancelled;
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            incomplete = SweepIncompleteReason.StorageFailed;
            ReplayLog.SweepStorageFailed(logger, ex, poison.Name);
        }
        finally
        {
            await PoisonScanHold.ReleaseAsync(poison, held, logger);
        }

        return new PartitionSweep(partition, read, swept, time.GetElapsedTime(started), incomplete);
    }

    private bool IsHostCopy(PoisonEntry entry) =>
        entry.Stored.ExpiresOn is { } expires
        && expires < time.GetUtcNow() + NeverExpiresAfter
        && entry.Alert.Reason is null;

    /// <summary>Re-writes <paramref name="entry"/> into the app's form when it is not base64 or is a host copy; false when it is parked as it is.</summary>
    private async Task<bool> TryRewriteAsync(QueueClient poison, int partition, PoisonEntry entry, CancellationToken cancellationToken)
    {
        if (!entry.IsDecodable)
        {
            await RewriteAsync(poison, partition, entry, UndecodableReason, PoisonCause.Permanent, cancellationToken);
            ReplayLog.UndecodableSwept(logger, entry.Stored.MessageId, poison.Name, entry.Stored.Body.ToMemory().Length);
            return true;
        }

        if (IsHostCopy(entry))
        {
            await RewriteAsync(poison, partition, entry, Reason, PoisonCause.RetriesExhausted, cancellationToken);
            ReplayLog.HostCopySwept(logger, entry.Alert.Envelope?.DedupKey, entry.Alert.Envelope?.ClientId, poison.Name, entry.Stored.ExpiresOn);
            return true;
        }

        return false;
    }

    private async Task RewriteAsync(QueueClient poison, int partition, PoisonEntry entry, string reason, PoisonCause cause, CancellationToken cancellationToken)
    {
        // Written before the delete: a failure between the two leaves two copies, never none.
        await storage.Queues.SendAsync(poison.Name, PoisonMessage.Create(entry.Message, reason, time.GetUtcNow()), null, null, cancellationToken);
        await DeleteOrHideAsync(poison, entry.Stored);
        metrics.Poisoned(entry.Alert.Envelope, partition, cause);
    }

    /// <summary>Removes a message whose wrapped copy is written; if the delete fails, hides it until it expires instead.</summary>
    private async Task DeleteOrHideAsync(QueueClient poison, QueueMessage stored)
    {
        Exception deleteFailure;
        try
        {
            await poison.DeleteMessageAsync(stored.MessageId, stored.PopReceipt, CancellationToken.None);
            return;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.MessageNotFound)
        {
            return; // Gone already.
        }
        catch (Exception ex) when (StorageFailure.Is(ex, CancellationToken.None))
        {
            deleteFailure = ex;
        }

        var hide = HideUntilExpiry(stored);
        try
        {
            await poison.UpdateMessageAsync(stored.MessageId, stored.PopReceipt, visibilityTimeout: hide, cancellationToken: CancellationToken.None);
            ReplayLog.SweptCopyHidden(logger, deleteFailure, stored.MessageId, poison.Name, hide);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, CancellationToken.None))
        {
            ReplayLog.SweptCopyLeft(logger, ex, stored.MessageId, poison.Name);
            throw;
        }
    }

    /// <summary>
    /// The copy's remaining life on the service's clock (the receive set its next-visible time to the service's now
    /// plus <see cref="ScanHold"/>), at most the 7 days the service allows: it is visible again only when it expires.
    /// </summary>
    private static TimeSpan HideUntilExpiry(QueueMessage stored)
    {
        if (stored.ExpiresOn is not { } expires || stored.NextVisibleOn is not { } visible)
        {
            return LongestHide;
        }

        var left = expires - (visible - ScanHold);
        return left < TimeSpan.Zero ? TimeSpan.Zero : left > LongestHide ? LongestHide : left;
    }
}
