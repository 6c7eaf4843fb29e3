using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;
using CodatAlerts.Storage;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Processing;

/// <summary>
/// Processes one message of a partition queue, so that each alert runs once however often it arrives: read the
/// envelope, claim the alert, dispatch it within the lease, close the record. The app owns the retry and dead-letter
/// lifecycle; the host's <c>maxDequeueCount</c> is only the backstop for what the app cannot retry itself.
/// <list type="bullet">
/// <item>Transient failure of the handlers: the failure is recorded on the record (attempts, first failure, last
/// error), the claim released, and the message re-sent by the app with a growing, capped delay and no expiry; the
/// method returns, so the host deletes the original. After <see cref="ProcessingOptions.RetryHorizon"/> from the first
/// failure the alert goes to poison with the last error instead.</item>
/// <item>Permanent failure (unreadable envelope, unknown envelope version, missing claim-check body,
/// <see cref="PermanentAlertException"/>): the record is marked failed, then the message goes to the poison queue with
/// the reason, and the method returns. If the poison write fails, the exception reaches the host; the next dequeue of
/// this message finds the record failed by itself and only writes the poison copy: the handler never runs again.</item>
/// <item>Unknown rule type or <see cref="DispatchOutcome.Parked"/>: completed as parked, never poisoned.</item>
/// <item>Failures before the claim (storage unreachable): the exception reaches the host, which retries after
/// <c>visibilityTimeout</c> and, after <c>maxDequeueCount</c>, moves the bare message to <c>-poison</c>, where
/// <see cref="Replay.HostPoisonSweeper"/> puts it into the app's form.</item>
/// </list>
/// </summary>
public sealed class AlertProcessor(
    AlertRecordStore records,
    AlertBodyLoader bodies,
    ProcessingStorage storage,
    IAlertDispatcher dispatcher,
    AlertMetrics metrics,
    LeaseOverrunMetrics overruns,
    AlertTracing tracing,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<AlertProcessor> logger)
{
    private readonly ProcessingOptions _options = options.Value;
    private readonly AlertQueues _queues = storage.Queues;

    /// <summary>Processes <paramref name="message"/> received from partition queue <paramref name="queueName"/>.</summary>
    /// <exception cref="Exception">A failure the app could not retry itself (storage unreachable): the host must retry.</exception>
    public async Task<ProcessingResult> ProcessAsync(string queueName, QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return await ProcessCoreAsync(queueName, message, cancellationToken);
        }
        catch (Exception) when (message.DequeueCount >= _options.MaxDequeueCount)
        {
            // The host moves the bare message to poison after this attempt and says so only in its own log; the
            // sweep re-writes it in the app's form and counts it.
            ProcessingLog.RetriesExhausted(logger, message.DequeueCount, AlertPartitions.PoisonQueueName(PartitionOf(queueName)));
            throw;
        }
    }

    private async Task<ProcessingResult> ProcessCoreAsync(string queueName, QueueMessage message, CancellationToken cancellationToken)
    {
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

        var claimed = await records.ClaimAsync(envelope, body, message.MessageId, message.DequeueCount, cancellationToken);
        switch (claimed.Status)
        {
            case ClaimStatus.Duplicate when claimed.Existing is { State: AlertRecordState.Failed } failed && failed.Owner == message.MessageId:
                // This message failed the alert on an earlier dequeue, but its poison write did not happen (the
                // original is only deleted after it): write it now, and never run the handler again.
                var reason = failed.Reason ?? "The alert failed permanently.";
                await SendToPoisonAsync(poisonQueue, message, reason);
                ProcessingLog.PoisonWrittenLater(logger, message.DequeueCount);
                return Poisoned(envelope, partition, poisonQueue, reason, activity);
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
            // The record first: once it says failed, no dequeue of this message runs the handler again. The poison
            // write second: if it fails, the exception keeps the message, and its next dequeue (the record failed by
            // this owner) only writes the poison copy.
            if (!await records.FailAsync(claim, ex.Message, CancellationToken.None))
            {
                ProcessingLog.ClaimLost(logger, AlertRecordState.Failed);
            }

            await SendToPoisonAsync(poisonQueue, message, ex.Message);
            return Poisoned(envelope, partition, poisonQueue, ex.Message, activity);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await RetryOrGiveUpAsync(queueName, poisonQueue, partition, message, envelope, claim, ex, activity);
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
        // The handlers must stop before the lease ends, or a copy could take the alert over while they still run. The
        // budget runs on this worker's clock from before the claim write was sent, so it ends before the lease the
        // storage service stamped, whatever the skew between the two clocks.
        var budget = _options.LeaseDuration - _options.LeaseSafetyMargin - time.GetElapsedTime(claim.StartedTimestamp);
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
        finally
        {
            // A handler that ignores its token keeps running past the lease, when another copy may take the alert and
            // run it again. It cannot be stopped from here; it is reported, whatever it ended with.
            var ran = time.GetElapsedTime(claim.StartedTimestamp);
            if (ran > _options.LeaseDuration)
            {
                ProcessingLog.LeaseOverrun(logger, ran - _options.LeaseDuration, _options.LeaseDuration);
                overruns.Overran(envelope.RuleType, envelope.RuleTypeKnown);
            }
        }
    }

    private async Task<ProcessingResult> RetryOrGiveUpAsync(
        string queueName, string poisonQueue, int partition, QueueMessage message, AlertEnvelope envelope, AlertClaim claim, Exception failure, Activity? activity)
    {
        metrics.Failed(envelope);
        activity.SetOutcome(AlertOutcomes.Failed);
        var error = $"{failure.GetType().Name}: {failure.Message}";
        var firstFailedAt = claim.FirstFailedAt ?? claim.ClaimedAt;
        var retrying = claim.ClaimedAt - firstFailedAt;
        if (retrying >= _options.RetryHorizon)
        {
            // Both clocks are the storage service's: the first failure's claim and this one.
            var reason = $"Gave up after {claim.Attempt.ToString(CultureInfo.InvariantCulture)} attempts over {retrying:c} " +
                $"(Alerts__Processing__RetryHorizon {_options.RetryHorizon:c}); last error: {error}";
            ProcessingLog.GaveUp(logger, failure, claim.Attempt, retrying);
            if (!await records.FailAsync(claim, reason, CancellationToken.None))
            {
                ProcessingLog.ClaimLost(logger, AlertRecordState.Failed);
            }

            await SendToPoisonAsync(poisonQueue, message, reason);
            ProcessingLog.Poisoned(logger, poisonQueue, reason);
            metrics.Poisoned(envelope, partition, PoisonCause.RetriesExhausted);
            activity.SetOutcome(AlertOutcomes.RetriesExhausted);
            return new ProcessingResult(ProcessingOutcome.Poisoned, envelope, reason);
        }

        // Record the failure first, so the re-sent copy finds the attempts, the first failure and the last error; the
        // re-send second, with no expiry: until it is written the original is not deleted, so a carrier always exists.
        await ReleaseAsync(claim, error, firstFailedAt);
        var delay = _options.RetryDelay(claim.Attempt);
        await _queues.SendAsync(queueName, message.Body, delay, null, CancellationToken.None);
        ProcessingLog.TransientFailure(logger, failure, claim.Attempt, delay);
        return new ProcessingResult(ProcessingOutcome.Retrying, envelope, error);
    }

    private async Task<ProcessingResult> DeferAsync(string queueName, QueueMessage message, AlertEnvelope envelope, AlertRecord? holder)
    {
        // The holder's message carries the alert until it completes, fails into poison or crashes (its lease then
        // runs out). Completing this copy would bet on that; re-sending it first, delayed, keeps a second carrier
        // without spending this copy's dequeue count, so nothing accepted is ever lost and nothing lands in poison
        // for being busy. The later look finds a duplicate, a free claim, or a holder still at work.
        var delay = _options.BusyRedeliveryDelay;
        await _queues.SendAsync(queueName, message.Body, delay, null, CancellationToken.None);
        ProcessingLog.Deferred(logger, holder?.Owner, holder?.LeaseUntil, delay);
        return new ProcessingResult(ProcessingOutcome.Deferred, envelope);
    }

    private async Task ReleaseAsync(AlertClaim claim, string error, DateTimeOffset firstFailedAt)
    {
        try
        {
            if (!await records.ReleaseAsync(claim, error, firstFailedAt, CancellationToken.None))
            {
                ProcessingLog.ClaimLost(logger, AlertRecordState.Released);
            }
        }
#pragma warning disable CA1031 // A failed release only delays the retry until the lease runs out; the re-send still carries the alert.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ProcessingLog.ReleaseFailed(logger, ex);
        }
    }

    private async Task SendToPoisonAsync(string poisonQueue, QueueMessage message, string reason) =>
        await _queues.SendAsync(poisonQueue, PoisonMessage.Create(message, reason, time.GetUtcNow()), null, null, CancellationToken.None);

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
