using Azure.Core;
using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// The processor's guards against what the host and the storage client really do: a message handed out again while
/// its first invocation runs, a delete of the original that fails, a write whose answer was lost, a re-send that fails.
/// Each test names the guard it holds; deleting that guard makes it fail.
/// </summary>
[Collection("Azurite")]
public sealed class ProcessorGuardTests(AzuriteFixture azurite)
{
    private const string Client = "7c6b5a49-3827-4165-a4b3-c2d1e0f9a8b7";

    private static string Queue(AlertEnvelope envelope) => AlertPartitions.QueueName(envelope.Partition);

    // The same message handed out again by the host: its hold lapsed, or the delete of it failed.
    private static QueueMessage Again(QueueMessage message) =>
        QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, message.Body, message.DequeueCount + 1, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "Timed out waiting.");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("Timed out waiting.");
    }

    [Fact]
    public async Task A_message_handed_out_again_while_its_first_invocation_runs_is_deferred_and_the_handler_never_runs_twice_at_once()
    {
        // Guard: no takeover of a live claim, not even by a later dequeue of the holder's own message.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.Block);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));
        var first = harness.Processor.ProcessAsync(Queue(envelope), message, default);
        await UntilAsync(() => harness.Dispatcher.Attempts.ContainsKey(envelope.DedupKey));

        // Act
        var second = await harness.Processor.ProcessAsync(Queue(envelope), Again(message), default);
        harness.Dispatcher.Finish(envelope.DedupKey);

        // Assert
        Assert.Equal(ProcessingOutcome.Deferred, second.Outcome);
        Assert.Equal(ProcessingOutcome.Handled, (await first).Outcome);
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey]);
    }

    [Fact]
    public async Task The_lease_is_renewed_while_the_handler_runs_so_a_copy_long_after_the_first_lease_still_finds_it_held()
    {
        // Guard: the renewal loop (without it the handler is cancelled when the first lease is about to end).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.Block);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));
        var first = harness.Processor.ProcessAsync(Queue(envelope), message, default);
        await UntilAsync(() => harness.Dispatcher.Attempts.ContainsKey(envelope.DedupKey));

        // Act: two lease lengths of fake time (within DispatchTimeout), in steps the renewals keep up with: after each
        // step, until the stored lease still reaches a third of a lease ahead (a renewal every third keeps it at two
        // thirds or more), however slowly a loaded machine runs the renewal. Without renewals it never does again.
        var step = TimeSpan.FromSeconds(5);
        var lease = harness.Options.LeaseDuration;
        for (var elapsed = TimeSpan.Zero; elapsed < lease * 2; elapsed += step)
        {
            harness.Time.Advance(step);
            await UntilAsync(async () => (await harness.Records.GetAsync(envelope.ClientId, envelope.DedupKey, default))?.LeaseUntil > harness.Time.GetUtcNow() + (lease / 3));
        }

        var copy = await harness.Processor.ProcessAsync(Queue(envelope), Again(message), default);
        harness.Dispatcher.Finish(envelope.DedupKey);

        // Assert
        Assert.Equal(ProcessingOutcome.Deferred, copy.Outcome);
        Assert.Equal(ProcessingOutcome.Handled, (await first).Outcome);
        Assert.False(harness.Dispatcher.Cancelled.ContainsKey(envelope.DedupKey));
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey]);
    }

    [Fact]
    public async Task A_renewal_that_finds_the_claim_taken_cancels_the_handler_at_once()
    {
        // Guard: ClaimLease cancels the handlers when a renewal finds the claim lost.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.Block);
        await harness.EnqueueAsync(envelope);
        var processing = harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        await UntilAsync(() => harness.Dispatcher.Attempts.ContainsKey(envelope.DedupKey));
        await TakeClaimAsync(harness, envelope);

        // Act: one renewal interval, well before the deadline the last lease set.
        harness.Time.Advance(harness.Options.LeaseRenewalInterval);
        var result = await processing.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(1, harness.Dispatcher.Cancelled[envelope.DedupKey]);
        Assert.Equal(ProcessingOutcome.Retrying, result.Outcome);
        Assert.StartsWith(nameof(ClaimLostException), result.Reason, StringComparison.Ordinal);
        Assert.Equal("rival", (await RecordMetadataAsync(harness, envelope))[AlertRecordMetadata.ClaimToken]);
    }

    [Fact]
    public async Task A_first_claim_whose_answer_was_lost_is_recognised_and_the_alert_runs_at_once()
    {
        // Guard: ClaimAsync recognises its own token on the record it found (else: its own live claim, Busy).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.EnqueueAsync(envelope);
        harness.AnswerFaults.LoseNextUpload();

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(1, harness.AnswerFaults.Lost);
        Assert.Equal(ProcessingOutcome.Handled, result.Outcome);
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey]);
        Assert.Equal((AlertRecordState.Completed, 1), await StateAsync(harness, envelope));
    }

    [Fact]
    public async Task A_completion_whose_answer_was_lost_is_recognised_and_never_retried_or_poisoned()
    {
        // Guard: CloseAsync recognises its own token and target state after a refused retry (else ClaimLostException).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.EnqueueAsync(envelope);
        harness.AnswerFaults.LoseNextMetadataWrite(); // The first metadata write of a plain alert is its completion.

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(1, harness.AnswerFaults.Lost);
        Assert.Equal(ProcessingOutcome.Handled, result.Outcome);
        Assert.Equal((AlertRecordState.Completed, 1), await StateAsync(harness, envelope));
        Assert.Empty(await harness.ReadPoisonAsync());
    }

    [Fact]
    public async Task A_permanent_failure_after_the_claim_was_lost_writes_no_poison_copy()
    {
        // Guard: FailAsync false => no poison write (another invocation holds the alert; its record decides).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        harness.Dispatcher.BeforeStep = e => TakeClaimAsync(harness, e);
        await harness.EnqueueAsync(envelope);

        // Act
        var failure = await Record.ExceptionAsync(async () =>
            await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default));

        // Assert
        Assert.IsType<ClaimLostException>(failure);
        Assert.Empty(await harness.ReadPoisonAsync());
        Assert.Equal(AlertRecordState.Processing, (await StateAsync(harness, envelope)).State);
    }

    [Fact]
    public async Task A_poisoned_original_that_comes_back_because_its_delete_failed_writes_no_second_poison_copy()
    {
        // Guard: the poisonwritten note after the poison write.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));
        await harness.Processor.ProcessAsync(Queue(envelope), message, default);

        // Act: the host's delete failed twice; the original comes back twice.
        var again = await harness.Processor.ProcessAsync(Queue(envelope), Again(message), default);
        var andAgain = await harness.Processor.ProcessAsync(Queue(envelope), Again(Again(message)), default);

        // Assert
        Assert.Equal([ProcessingOutcome.Duplicate, ProcessingOutcome.Duplicate], [again.Outcome, andAgain.Outcome]);
        Assert.Single(await harness.ReadPoisonAsync());
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey]);
    }

    [Fact]
    public async Task A_retried_original_that_comes_back_because_its_delete_failed_is_absorbed_and_makes_no_copy()
    {
        // Guard: the hand-off note (carrier) after the retry's re-send, and Superseded in ClaimAsync.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));
        await harness.Processor.ProcessAsync(Queue(envelope), message, default);

        // Act
        var back = await harness.Processor.ProcessAsync(Queue(envelope), Again(message), default);

        // Assert: it did not run early, and the re-sent copy is the only one that will.
        Assert.Equal(ProcessingOutcome.Duplicate, back.Outcome);
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey]);
        var carrier = await harness.ReceiveAsync(Queue(envelope));
        Assert.NotEqual(message.MessageId, carrier.MessageId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.ReceiveAsync(Queue(envelope)));
        Assert.Equal(ProcessingOutcome.Handled, (await harness.Processor.ProcessAsync(Queue(envelope), carrier, default)).Outcome);
    }

    [Fact]
    public async Task When_the_retrys_resend_fails_the_invocation_fails_so_the_host_keeps_the_original()
    {
        // Guard: the re-send before the return on the retry path.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));
        harness.Faults.FailNext(RequestMethod.Post, Queue(envelope));

        // Act
        var failure = await Record.ExceptionAsync(() => harness.Processor.ProcessAsync(Queue(envelope), message, default));
        var retried = await harness.Processor.ProcessAsync(Queue(envelope), Again(message), default);

        // Assert: the original is still the carrier, so its next dequeue runs the alert.
        Assert.NotNull(failure);
        Assert.Equal(ProcessingOutcome.Handled, retried.Outcome);
        Assert.Equal(2, harness.Dispatcher.Attempts[envelope.DedupKey]);
    }

    [Fact]
    public async Task When_the_busy_copys_resend_fails_the_invocation_fails_so_the_host_keeps_the_copy()
    {
        // Guard: the re-send before the return on the busy path.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "holder-message", 1, default);
        await harness.EnqueueAsync(TestAlerts.Redelivery(envelope));
        var copy = await harness.ReceiveAsync(Queue(envelope));
        harness.Faults.FailNext(RequestMethod.Post, Queue(envelope));

        // Act
        var failure = await Record.ExceptionAsync(() => harness.Processor.ProcessAsync(Queue(envelope), copy, default));

        // Assert
        Assert.NotNull(failure);
        Assert.Empty(await harness.ReadAllAsync(Queue(envelope)));
    }

    [Fact]
    public async Task At_the_horizon_the_record_is_failed_before_the_poison_write_so_a_failed_poison_write_never_runs_the_handler_again()
    {
        // Guard: record-before-poison on the horizon path.
        await using var harness = await ProcessingHarness.CreateAsync(azurite, new KeyValuePair<string, string?>("Alerts:Processing:RetryHorizon", "01:00:00"));
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);
        await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        harness.Time.Advance(TimeSpan.FromHours(1));
        var last = await harness.ReceiveAsync(Queue(envelope));
        harness.Faults.FailNext(RequestMethod.Post, AlertPartitions.PoisonQueueName(envelope.Partition));

        // Act
        var failure = await Record.ExceptionAsync(() => harness.Processor.ProcessAsync(Queue(envelope), last, default));
        var state = await StateAsync(harness, envelope);
        var later = await harness.Processor.ProcessAsync(Queue(envelope), Again(last), default);

        // Assert
        Assert.NotNull(failure);
        Assert.Equal(AlertRecordState.Failed, state.State);
        Assert.Equal(ProcessingOutcome.Poisoned, later.Outcome);
        Assert.Equal(2, harness.Dispatcher.Attempts[envelope.DedupKey]);
        Assert.StartsWith("Gave up after 2 attempts", Assert.Single(await harness.ReadPoisonAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_horizon_is_judged_on_the_service_clock_not_a_workers_clock_days_ahead()
    {
        // Guard: the horizon compares two service stamps (the first failure's claim and this claim).
        var ahead = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ProcessingHarness.Start + TimeSpan.FromDays(3));
        await using var harness = await ProcessingHarness.CreateAsync(azurite, ahead, new KeyValuePair<string, string?>("Alerts:Processing:RetryHorizon", "01:00:00"));
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);

        // Act: two failures a minute apart on the service's clock.
        var first = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal([ProcessingOutcome.Retrying, ProcessingOutcome.Retrying], [first.Outcome, second.Outcome]);
        Assert.Empty(await harness.ReadPoisonAsync());
    }

    [Fact]
    public async Task An_alert_whose_workers_keep_dying_is_poisoned_by_the_app_after_the_hosts_dequeue_count_without_running_again()
    {
        // Guard: the abandoned count on the record (a copy that meets the dead holder is re-sent, so the host's own
        // dequeue count never reaches its maximum).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        for (var crash = 0; crash < harness.Options.MaxDequeueCount; crash++)
        {
            Assert.Equal(ClaimStatus.Claimed, (await harness.Records.ClaimAsync(envelope, envelope.Body!, $"dead-{crash}", 1, default)).Status);
            harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        }

        await harness.EnqueueAsync(TestAlerts.Redelivery(envelope));

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Poisoned, result.Outcome);
        Assert.False(harness.Dispatcher.Attempts.ContainsKey(envelope.DedupKey));
        Assert.Contains("stopped 5 times", Assert.Single(await harness.ReadPoisonAsync()).Reason, StringComparison.Ordinal);
        Assert.Equal(AlertRecordState.Failed, (await StateAsync(harness, envelope)).State);
    }

    // A rival invocation takes the claim: its own token, written over this one's (as a takeover would).
    private static async Task TakeClaimAsync(ProcessingHarness harness, AlertEnvelope envelope)
    {
        var metadata = await RecordMetadataAsync(harness, envelope);
        metadata[AlertRecordMetadata.ClaimToken] = "rival";
        metadata[AlertRecordMetadata.Owner] = "rival-message";
        await Blob(harness, envelope).SetMetadataAsync(metadata);
    }

    private static async Task<IDictionary<string, string>> RecordMetadataAsync(ProcessingHarness harness, AlertEnvelope envelope) =>
        new Dictionary<string, string>((await Blob(harness, envelope).GetPropertiesAsync()).Value.Metadata, StringComparer.OrdinalIgnoreCase);

    private static Azure.Storage.Blobs.BlobClient Blob(ProcessingHarness harness, AlertEnvelope envelope) =>
        harness.Blobs.GetBlobContainerClient(AlertContainers.Records).GetBlobClient(AlertRecordName.For(envelope.ClientId, envelope.DedupKey));

    private static async Task<(AlertRecordState State, int Attempts)> StateAsync(ProcessingHarness harness, AlertEnvelope envelope)
    {
        var record = await harness.Records.GetAsync(envelope.ClientId, envelope.DedupKey, default);
        return (record!.State, record.Attempts);
    }
}
