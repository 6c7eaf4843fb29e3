using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues.Models;
using CodatAlerts.Journey;
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
/// <item>While the handlers run, the claim's lease is renewed on the record (<see cref="ClaimLease"/>); no other copy
/// takes the alert until that lease is gone on the storage service's clock, so its handlers never run in two places.</item>
/// <item>Every write carries this invocation's claim token, so a write whose answer was lost is recognised as its own.</item>
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
    IAlertJourney journey,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<AlertProcessor> logger)
{
    private readonly ProcessingOptions _options = options.Value;
    private readonly AlertQueues _queues = storage.Queues;
    private readonly ProcessingJourney _journey = new(journey, time, logger);

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
        var alert = new Alert(queueName, poisonQueue, partition, message, envelope, activity);

        ReadOnlyMemory<byte> body;
        try
        {
            body = await bodies.LoadAsync(envelope, cancellationToken);
        }
        catch (PermanentAlertException ex)
        {
            // No record yet: there is no body to archive, and another copy with its own body may still run.
            await SendToPoisonAsync(poisonQueue, message, ex.Message);
            await _journey.PoisonedAsync(envelope, message, null, ex.Message);
            return Poisoned(alert, ex.Message, PoisonCause.Permanent);
        }

        var claimed = await records.ClaimAsync(envelope, body, message.MessageId, message.DequeueCount, cancellationToken);
        switch (claimed.Status)
        {
            case ClaimStatus.Duplicate when claimed.Existing is { State: AlertRecordState.Failed, PoisonWritten: false } failed && failed.Owner == message.MessageId:
                return await PoisonLaterAsync(alert, failed);
            case ClaimStatus.Duplicate:
                ProcessingLog.Duplicate(logger, claimed.Existing!.State);
                metrics.Duplicate(envelope);
                activity.SetOutcome(AlertOutcomes.Duplicate);
                await _journey.DuplicateAsync(envelope, message, AlertRecordMetadata.Format(claimed.Existing.State));
                return new ProcessingResult(ProcessingOutcome.Duplicate, envelope);
            case ClaimStatus.Superseded:
                // The original of a retry's re-send, back because the host could not delete it: the re-sent copy
                // carries the alert, so this one must not run it early (or make a copy of its own).
                ProcessingLog.Superseded(logger, claimed.Existing!.Carrier!);
                metrics.Duplicate(envelope);
                activity.SetOutcome(AlertOutcomes.Duplicate);
                await _journey.DuplicateAsync(envelope, message, "superseded");
                return new ProcessingResult(ProcessingOutcome.Duplicate, envelope);
            case ClaimStatus.Busy:
                return await DeferAsync(alert, claimed.Existing);
        }

        var claim = claimed.Claim!;
        if (claimed.TookOver)
        {
            var previous = claimed.Existing!;
            ProcessingLog.TookOver(logger, previous.State, previous.Owner, previous.LeaseUntil, claim.Attempt);
        }

        await _journey.ClaimedAsync(envelope, message, claimed);
        if (claim.Abandoned >= _options.MaxDequeueCount)
        {
            // The host's backstop, kept on the record: a message that keeps killing its worker is not taken over for
            // ever. The host's own count cannot see it, because a copy that meets the dead holder's lease is re-sent.
            ProcessingLog.AbandonedTooOften(logger, claim.Abandoned);
            var reason = $"The workers running the alert stopped {claim.Abandoned.ToString(CultureInfo.InvariantCulture)} times without finishing it " +
                "(crashed or killed: the handler may bring its worker down); it is not run again.";
            return await FailThenPoisonAsync(alert, claim, reason, PoisonCause.RetriesExhausted);
        }

        if (!envelope.RuleTypeKnown)
        {
            return await CompleteAsync(alert, claim, DispatchOutcome.Parked);
        }

        DispatchOutcome outcome;
        try
        {
            outcome = await DispatchUnderLeaseAsync(envelope, body, claim, cancellationToken);
        }
        catch (PermanentAlertException ex)
        {
            return await FailThenPoisonAsync(alert, claim, ex.Message, PoisonCause.Permanent);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await RetryOrGiveUpAsync(alert, claim, ex);
        }

        return await CompleteAsync(alert, claim, outcome);
    }

    private async Task<ProcessingResult> CompleteAsync(Alert alert, AlertClaim claim, DispatchOutcome outcome)
    {
        var parked = outcome == DispatchOutcome.Parked;
        var written = await records.CompleteAsync(claim, parked ? AlertRecordStore.ParkedOutcome : AlertRecordStore.HandledOutcome, CancellationToken.None);
        if (!written)
        {
            // Another invocation took the alert (this one's lease ran out); retrying lets the record decide.
            ProcessingLog.ClaimLost(logger, AlertRecordState.Completed);
            throw new ClaimLostException(
                $"The claim on '{claim.BlobName}' (attempt {claim.Attempt.ToString(CultureInfo.InvariantCulture)}) was lost before it could be completed.");
        }

        if (parked)
        {
            ProcessingLog.Parked(logger, alert.Envelope.RuleType);
        }
        else
        {
            ProcessingLog.Handled(logger, claim.Attempt);
        }

        metrics.Processed(alert.Envelope, outcome);
        alert.Activity.SetOutcome(parked ? AlertOutcomes.Parked : AlertOutcomes.Handled);
        await _journey.CompletedAsync(alert.Envelope, alert.Message, claim.Attempt, parked ? AlertRecordStore.ParkedOutcome : AlertRecordStore.HandledOutcome);
        return new ProcessingResult(parked ? ProcessingOutcome.Parked : ProcessingOutcome.Handled, alert.Envelope);
    }

    // The record first: once it says failed (by this invocation), no copy runs the handlers again. The poison write
    // second: if it fails, the exception keeps the message, and its next dequeue (the record failed by this message,
    // no poison copy noted) only writes the poison copy. Then the note that it is written, so the original, back
    // because the host could not delete it, writes no second copy. A claim lost before the failed write means another
    // invocation holds the alert: its record decides, and no poison copy is written from here.
    private async Task<ProcessingResult> FailThenPoisonAsync(Alert alert, AlertClaim claim, string reason, PoisonCause cause)
    {
        if (!await records.FailAsync(claim, reason, CancellationToken.None))
        {
            ProcessingLog.ClaimLost(logger, AlertRecordState.Failed);
            throw new ClaimLostException(
                $"The claim on '{claim.BlobName}' (attempt {claim.Attempt.ToString(CultureInfo.InvariantCulture)}) was lost before the alert could be failed.");
        }

        await SendToPoisonAsync(alert.PoisonQueue, alert.Message, reason);
        await NoteAsync(() => records.PoisonWrittenAsync(claim, CancellationToken.None), "the poison copy");
        await _journey.PoisonedAsync(alert.Envelope, alert.Message, claim.Attempt, reason);
        return Poisoned(alert, reason, cause);
    }

    // This message failed the alert on an earlier dequeue, but its poison write did not happen (the original is only
    // deleted after it): write it now, and never run the handlers again.
    private async Task<ProcessingResult> PoisonLaterAsync(Alert alert, AlertRecord failed)
    {
        var reason = failed.Reason ?? "The alert failed permanently.";
        await SendToPoisonAsync(alert.PoisonQueue, alert.Message, reason);
        await NoteAsync(() => records.PoisonWrittenAsync(alert.Envelope, failed, CancellationToken.None), "the poison copy");
        ProcessingLog.PoisonWrittenLater(logger, alert.Message.DequeueCount);
        await _journey.PoisonedAsync(alert.Envelope, alert.Message, failed.Attempts, reason);
        return Poisoned(alert, reason, PoisonCause.Permanent);
    }

    private ProcessingResult Poisoned(Alert alert, string reason, PoisonCause cause)
    {
        ProcessingLog.Poisoned(logger, alert.PoisonQueue, reason);
        metrics.Poisoned(alert.Envelope, alert.Partition, cause);
        alert.Activity.SetOutcome(cause == PoisonCause.Permanent ? AlertOutcomes.Permanent : AlertOutcomes.RetriesExhausted);
        return new ProcessingResult(ProcessingOutcome.Poisoned, alert.Envelope, reason);
    }

    private async Task<DispatchOutcome> DispatchUnderLeaseAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, AlertClaim claim, CancellationToken cancellationToken)
    {
        // The handlers run while the lease is renewed, up to DispatchTimeout; they are cancelled when the claim is
        // lost or renewals fail until the margin before the last renewed lease ends (see ClaimLease).
        var lease = ClaimLease.Start(records, claim, _options, time, logger);
        using var timeout = new CancellationTokenSource(_options.DispatchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Token, timeout.Token);
        try
        {
            return await dispatcher.DispatchAsync(envelope, body, linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && lease.Lost)
        {
            throw new ClaimLostException($"The claim on '{claim.BlobName}' was taken by another invocation while the handlers ran.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The handlers did not finish within {nameof(ProcessingOptions.DispatchTimeout)} ({_options.DispatchTimeout:c}).", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && lease.Token.IsCancellationRequested)
        {
            ProcessingLog.LeaseRanOut(logger, _options.LeaseSafetyMargin, claim.LeaseUntil);
            throw new TimeoutException($"The claim's lease could not be renewed; the handlers were stopped {_options.LeaseSafetyMargin:c} before it ran out.", ex);
        }
        finally
        {
            // Settles the claim's version before the closing write: no renewal is in flight after this.
            await lease.DisposeAsync();

            // A handler that ignores its token can run on past the last lease that was renewed for it, when another
            // copy may take the alert and run it again. It cannot be stopped from here; it is reported.
            var beyond = time.GetElapsedTime(claim.LeaseTimestamp);
            if (beyond > _options.LeaseDuration)
            {
                ProcessingLog.LeaseOverrun(logger, beyond - _options.LeaseDuration, _options.LeaseDuration);
                overruns.Overran(envelope.RuleType, envelope.RuleTypeKnown);
            }
        }
    }

    private async Task<ProcessingResult> RetryOrGiveUpAsync(Alert alert, AlertClaim claim, Exception failure)
    {
        metrics.Failed(alert.Envelope);
        alert.Activity.SetOutcome(AlertOutcomes.Failed);
        var error = $"{failure.GetType().Name}: {failure.Message}";
        var firstFailedAt = claim.FirstFailedAt ?? claim.ClaimedAt;
        var retrying = claim.ClaimedAt - firstFailedAt;
        if (retrying >= _options.RetryHorizon)
        {
            // Both clocks are the storage service's: the first failure's claim and this one.
            var reason = $"Gave up after {claim.Attempt.ToString(CultureInfo.InvariantCulture)} attempts over {retrying:c} " +
                $"(Alerts__Processing__RetryHorizon {_options.RetryHorizon:c}); last error: {error}";
            ProcessingLog.GaveUp(logger, failure, claim.Attempt, retrying);
            return await FailThenPoisonAsync(alert, claim, reason, PoisonCause.RetriesExhausted);
        }

        // Record the failure first, so the re-sent copy finds the attempts, the first failure and the last error; the
        // re-send second, with no expiry: until it is written the original is not deleted, so a carrier always exists.
        // Then the hand-off: the record names the re-sent copy as the carrier, so the original, if the host cannot
        // delete it, is absorbed when it comes back instead of running early and making copies of its own.
        var released = await ReleaseAsync(claim, error, firstFailedAt);
        var delay = _options.RetryDelay(claim.Attempt);
        var carrier = await _queues.SendAsync(alert.QueueName, alert.Message.Body, delay, null, CancellationToken.None);
        if (released)
        {
            await NoteAsync(() => records.HandOffAsync(claim, carrier, CancellationToken.None), "the retry's carrier");
        }

        ProcessingLog.TransientFailure(logger, failure, claim.Attempt, delay);
        await _journey.AttemptFailedAsync(alert.Envelope, alert.Message, claim.Attempt, error, time.GetUtcNow() + delay);
        return new ProcessingResult(ProcessingOutcome.Retrying, alert.Envelope, error);
    }

    private async Task<ProcessingResult> DeferAsync(Alert alert, AlertRecord? holder)
    {
        // The holder's message carries the alert until it completes, fails into poison or crashes (its lease then
        // runs out). Completing this copy would bet on that; re-sending it first, delayed, keeps a second carrier
        // without spending this copy's dequeue count, so nothing accepted is ever lost and nothing lands in poison
        // for being busy. The later look finds a duplicate, a free claim, or a holder still at work.
        var delay = _options.BusyRedeliveryDelay;
        await _queues.SendAsync(alert.QueueName, alert.Message.Body, delay, null, CancellationToken.None);
        ProcessingLog.Deferred(logger, holder?.Owner, holder?.LeaseUntil, delay);
        await _journey.DeferredAsync(alert.Envelope, alert.Message, time.GetUtcNow() + delay);
        return new ProcessingResult(ProcessingOutcome.Deferred, alert.Envelope);
    }

    private async Task<bool> ReleaseAsync(AlertClaim claim, string error, DateTimeOffset firstFailedAt)
    {
        try
        {
            if (await records.ReleaseAsync(claim, error, firstFailedAt, CancellationToken.None))
            {
                return true;
            }

            ProcessingLog.ClaimLost(logger, AlertRecordState.Released);
        }
#pragma warning disable CA1031 // A failed release only delays the retry until the lease runs out; the re-send still carries the alert.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ProcessingLog.ReleaseFailed(logger, ex);
        }

        return false;
    }

    // A note on the record that only saves work later (no second copy of a message): never fails the message.
    private async Task NoteAsync(Func<Task<bool>> write, string what)
    {
        try
        {
            if (!await write())
            {
                ProcessingLog.NoteFailed(logger, null, what);
            }
        }
#pragma warning disable CA1031 // The message's outcome is settled; a missing note costs at most one more copy.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ProcessingLog.NoteFailed(logger, ex, what);
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

    // One message being processed, as the paths after the envelope is read need it.
    private sealed record Alert(string QueueName, string PoisonQueue, int Partition, QueueMessage Message, AlertEnvelope Envelope, Activity? Activity);
}
