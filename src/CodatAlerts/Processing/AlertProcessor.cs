using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Processing;

/// <summary>
/// Processes one message of a partition queue, so that each alert runs once however often it arrives: read the
/// envelope, claim the alert, dispatch it within the lease, close the record.
/// <list type="bullet">
/// <item>Transient failure: the claim is released and the exception rethrown; the host retries after
/// <c>visibilityTimeout</c> and, after <c>maxDequeueCount</c> attempts, moves the message to <c>-poison</c>.</item>
/// <item>Permanent failure (unreadable envelope, unknown envelope version, missing claim-check body,
/// <see cref="PermanentAlertException"/>): the message goes to the poison queue with the reason, the record is marked
/// failed, and the method returns, so the host deletes the original and never loops on it.</item>
/// <item>Unknown rule type or <see cref="DispatchOutcome.Parked"/>: completed as parked, never poisoned.</item>
/// </list>
/// </summary>
public sealed class AlertProcessor(
    AlertRecordStore records,
    AlertBodyLoader bodies,
    AlertQueues queues,
    IAlertDispatcher dispatcher,
    AlertMetrics metrics,
    AlertTracing tracing,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<AlertProcessor> logger)
{
    private readonly ProcessingOptions _options = options.Value;

    /// <summary>Processes <paramref name="message"/> received from partition queue <paramref name="queueName"/>.</summary>
    /// <exception cref="Exception">Any transient failure, after the claim was released: the host must retry.</exception>
    public async Task<ProcessingResult> ProcessAsync(string queueName, QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var partition = PartitionOf(queueName);
        var poisonQueue = AlertPartitions.PoisonQueueName(partition);

        AlertEnvelope envelope;
        try
        {
            envelope = AlertEnvelopeSerializer.Deserialize(message.Body.ToMemory().Span);
        }
        catch (EnvelopeFormatException ex)
        {
            await SendToPoisonAsync(poisonQueue, message, ex.Message);
            ProcessingLog.EnvelopeUnreadable(logger, message.MessageId, queueName, poisonQueue, ex.Message);
            metrics.Poisoned(null, partition, PoisonCause.Permanent);
            return new ProcessingResult(ProcessingOutcome.Poisoned, null, ex.Message);
        }

        using var scope = logger.BeginAlertScope(envelope);
        using var activity = tracing.StartProcessing(envelope);

        ReadOnlyMemory<byte> body;
        try
        {
            body = await bodies.LoadAsync(envelope, cancellationToken);
        }
        catch (PermanentAlertException ex)
        {
            // No record yet: there is no body to archive, and another copy with its own body may still run.
            await SendToPoisonAsync(poisonQueue, message, ex.Message);
            return Poisoned(envelope, partition, poisonQueue, ex.Message, activity);
        }

        var claimed = await records.ClaimAsync(envelope, body, message.MessageId, cancellationToken);
        switch (claimed.Status)
        {
            case ClaimStatus.Duplicate:
                ProcessingLog.Duplicate(logger, claimed.Existing!.State);
                metrics.Duplicate(envelope);
                activity.SetOutcome(AlertOutcomes.Duplicate);
                return new ProcessingResult(ProcessingOutcome.Duplicate, envelope);
            case ClaimStatus.Busy:
                return await DeferAsync(queueName, message, envelope, claimed.Existing);
        }

        var claim = claimed.Claim!;
        if (claimed.TookOver)
        {
            var previous = claimed.Existing!;
            ProcessingLog.TookOver(logger, previous.State, previous.Owner, previous.LeaseUntil, claim.Attempt);
        }

        if (!envelope.RuleTypeKnown)
        {
            return await CompleteAsync(envelope, claim, DispatchOutcome.Parked, activity);
        }

        DispatchOutcome outcome;
        try
        {
            outcome = await DispatchWithinLeaseAsync(envelope, body, claim, cancellationToken);
        }
        catch (PermanentAlertException ex)
        {
            // Poison first, then the record: if the record write fails, the retry poisons a second copy (a harmless
            // duplicate on replay); the other order could mark the alert failed with no poison copy to replay.
            await SendToPoisonAsync(poisonQueue, message, ex.Message);
            if (!await records.FailAsync(claim, ex.Message, CancellationToken.None))
            {
                ProcessingLog.ClaimLost(logger, AlertRecordState.Failed);
            }

            return Poisoned(envelope, partition, poisonQueue, ex.Message, activity);
        }
        catch (Exception ex)
        {
            ProcessingLog.TransientFailure(logger, ex, claim.Attempt, message.DequeueCount);
            await ReleaseAsync(claim);
            metrics.Failed(envelope);
            activity.SetOutcome(AlertOutcomes.Failed);
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                // The host moves the message to poison after this attempt; it says so only in its own log.
                ProcessingLog.RetriesExhausted(logger, message.DequeueCount, poisonQueue);
                metrics.Poisoned(envelope, partition, PoisonCause.RetriesExhausted);
                activity.SetOutcome(AlertOutcomes.RetriesExhausted);
            }

            throw;
        }

        return await CompleteAsync(envelope, claim, outcome, activity);
    }

    private async Task<ProcessingResult> CompleteAsync(AlertEnvelope envelope, AlertClaim claim, DispatchOutcome outcome, Activity? activity)
    {
        var parked = outcome == DispatchOutcome.Parked;
        var written = await records.CompleteAsync(claim, parked ? AlertRecordStore.ParkedOutcome : AlertRecordStore.HandledOutcome, CancellationToken.None);
        if (!written)
        {
            // Another worker took the alert (this one outlived its lease); retrying lets the record decide.
            ProcessingLog.ClaimLost(logger, AlertRecordState.Completed);
            throw new ClaimLostException(
                $"The claim on '{claim.BlobName}' (attempt {claim.Attempt.ToString(CultureInfo.InvariantCulture)}) was lost before it could be completed.");
        }

        if (parked)
        {
            ProcessingLog.Parked(logger, envelope.RuleType);
        }
        else
        {
            ProcessingLog.Handled(logger, claim.Attempt);
        }

        metrics.Processed(envelope, outcome);
        activity.SetOutcome(parked ? AlertOutcomes.Parked : AlertOutcomes.Handled);
        return new ProcessingResult(parked ? ProcessingOutcome.Parked : ProcessingOutcome.Handled, envelope);
    }

    private ProcessingResult Poisoned(AlertEnvelope envelope, int partition, string poisonQueue, string reason, Activity? activity)
    {
        ProcessingLog.Poisoned(logger, poisonQueue, reason);
        metrics.Poisoned(envelope, partition, PoisonCause.Permanent);
        activity.SetOutcome(AlertOutcomes.Permanent);
        return new ProcessingResult(ProcessingOutcome.Poisoned, envelope, reason);
    }

    private async Task<DispatchOutcome> DispatchWithinLeaseAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, AlertClaim claim, CancellationToken cancellationToken)
    {
        // The handlers must stop before the lease ends, or a copy could take the alert over while they still run.
        var budget = claim.LeaseUntil - _options.LeaseSafetyMargin - time.GetUtcNow();
        using var lease = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Token);
        try
        {
            return await dispatcher.DispatchAsync(envelope, body, linked.Token);
        }
        catch (OperationCanceledException ex) when (lease.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ProcessingLog.LeaseRanOut(logger, _options.LeaseSafetyMargin, claim.LeaseUntil);
            throw new TimeoutException(
                $"The handlers did not finish within the lease ({_options.LeaseDuration} less {_options.LeaseSafetyMargin}).", ex);
        }
    }

    private async Task<ProcessingResult> DeferAsync(string queueName, QueueMessage message, AlertEnvelope envelope, AlertRecord? holder)
    {
        // The holder's message carries the alert until it completes, fails into poison or crashes (its lease then
        // runs out). Completing this copy would bet on that; re-sending it first, delayed, keeps a second carrier
        // without spending this copy's dequeue count, so nothing accepted is ever lost and nothing lands in poison
        // for being busy. The later look finds a duplicate, a free claim, or a holder still at work.
        var delay = _options.BusyRedeliveryDelay;
        await queues.SendAsync(queueName, message.Body, delay, null, CancellationToken.None);
        ProcessingLog.Deferred(logger, holder?.Owner, holder?.LeaseUntil, delay);
        return new ProcessingResult(ProcessingOutcome.Deferred, envelope);
    }

    private async Task ReleaseAsync(AlertClaim claim)
    {
        try
        {
            if (!await records.ReleaseAsync(claim, CancellationToken.None))
            {
                ProcessingLog.ClaimLost(logger, AlertRecordState.Released);
            }
        }
#pragma warning disable CA1031 // The original failure is what the host must see; a failed release only delays the retry until the lease runs out.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ProcessingLog.ReleaseFailed(logger, ex);
        }
    }

    private async Task SendToPoisonAsync(string poisonQueue, QueueMessage message, string reason) =>
        await queues.SendAsync(poisonQueue, PoisonMessage.Create(message, reason, time.GetUtcNow()), null, _options.PoisonTimeToLive, CancellationToken.None);

    private static int PartitionOf(string queueName)
    {
        for (var partition = 0; partition < AlertPartitions.Count; partition++)
        {
            if (AlertPartitions.QueueName(partition) == queueName)
            {
                return partition;
            }
        }

        throw new ArgumentException($"'{queueName}' is not a partition queue.", nameof(queueName));
    }
}
