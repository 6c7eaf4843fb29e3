using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Processing;

[Collection("Azurite")]
public sealed class AlertProcessorTests(AzuriteFixture azurite)
{
    private const string Client = "5d0c4f1e-2a3b-4c5d-9e8f-0a1b2c3d4e5f";

    private static string Queue(AlertEnvelope envelope) => AlertPartitions.QueueName(envelope.Partition);

    private static string Poison(AlertEnvelope envelope) => AlertPartitions.PoisonQueueName(envelope.Partition);

    [Fact]
    public async Task A_new_alert_runs_once_and_its_record_is_completed()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.EnqueueAsync(envelope);

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Handled, result.Outcome);
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal(AlertRecordState.Completed, record!.State);
        Assert.Equal(AlertRecordStore.HandledOutcome, record.Outcome);
    }

    [Fact]
    public async Task A_copy_of_a_completed_alert_is_a_duplicate_and_does_not_run()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.EnqueueAsync(envelope);
        await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        await harness.EnqueueAsync(TestAlerts.Redelivery(envelope));

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Duplicate, result.Outcome);
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
    }

    [Fact]
    public async Task A_transient_failure_is_recorded_and_the_app_resends_the_message_itself_never_to_expire()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), message, default);

        // Assert
        Assert.Equal(ProcessingOutcome.Retrying, result.Outcome);
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal((AlertRecordState.Released, 1), (record!.State, record.Attempts));
        Assert.Equal(ProcessingHarness.Start, record.FirstFailedAt);
        Assert.StartsWith("InvalidOperationException: Injected transient failure", record.LastError, StringComparison.Ordinal);
        var resent = await harness.ReceiveAsync(Queue(envelope));
        Assert.NotEqual(message.MessageId, resent.MessageId);
        Assert.Equal(message.Body.ToArray(), resent.Body.ToArray());
        Assert.True(resent.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"The re-sent copy expires on {resent.ExpiresOn}.");
    }

    [Fact]
    public async Task A_poison_write_that_fails_is_completed_by_a_later_dequeue_and_the_failed_handler_never_runs_again()
    {
        // Arrange: the poison queue refuses the first writes.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        harness.Faults.FailNext(Azure.Core.RequestMethod.Post, AlertPartitions.PoisonQueueName(envelope.Partition), count: 3);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(3, harness.Faults.Injected);
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey]);
        Assert.Equal(3, harness.Host.Failed);
        Assert.Equal(0, harness.Host.MovedToPoison);
        var poisoned = Assert.Single(await harness.ReadPoisonAsync());
        Assert.Equal("Injected permanent failure: the payload cannot be parsed for its rule type.", poisoned.Reason);
        Assert.Equal(AlertEnvelopeSerializer.Serialize(envelope), AlertEnvelopeSerializer.Serialize(poisoned.Envelope!)); // by content: the body is an array
        Assert.Equal(AlertRecordState.Failed, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.State);
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
    }

    [Fact]
    public async Task A_poisoned_alert_never_expires_in_its_poison_queue()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert
        var poison = harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(envelope.Partition));
        var message = Assert.Single((await poison.PeekMessagesAsync(32)).Value);
        Assert.True(message.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"The poison message expires on {message.ExpiresOn}.");
    }

    [Fact]
    public async Task The_resent_copy_waits_out_its_retry_delay()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite, new KeyValuePair<string, string?>("Alerts:Processing:RetryInitialDelay", "00:05:00"), new("Alerts:Processing:RetryMaxDelay", "00:30:00"));
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert: two messages (the received original and the re-send), neither visible.
        var queue = harness.Queues.GetQueueClient(Queue(envelope));
        Assert.Equal(2, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_the_horizon_on_the_service_clock_then_poisoned_with_the_last_error()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, [.. Enumerable.Repeat(DispatchStep.FailTransiently, 10)]);
        await harness.EnqueueAsync(envelope);

        // Act: one failure, then one just inside the horizon, then one at it.
        var first = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        harness.Time.Advance(harness.Options.RetryHorizon - TimeSpan.FromSeconds(1));
        var second = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var last = await harness.ReceiveAsync(Queue(envelope));
        var third = await harness.Processor.ProcessAsync(Queue(envelope), last, default);

        // Assert
        Assert.Equal([ProcessingOutcome.Retrying, ProcessingOutcome.Retrying, ProcessingOutcome.Poisoned], [first.Outcome, second.Outcome, third.Outcome]);
        Assert.Equal(3, harness.Dispatcher.Attempts[envelope.DedupKey]);
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal((AlertRecordState.Failed, 3), (record!.State, record.Attempts));
        var poisoned = Assert.Single(await harness.ReadPoisonAsync());
        Assert.Equal(AlertEnvelopeSerializer.Serialize(envelope), AlertEnvelopeSerializer.Serialize(poisoned.Envelope!)); // by content: the body is an array
        Assert.StartsWith("Gave up after 3 attempts over 2.00:00:00", poisoned.Reason, StringComparison.Ordinal);
        Assert.Contains("Injected transient failure, attempt 3", poisoned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_that_ignores_cancellation_and_outlives_its_lease_is_reported()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        long overruns = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == harness.MeterFactory && instrument.Name == LeaseOverrunMetrics.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref overruns, value));
        listener.Start();
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.IgnoreCancellationPastLease);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(1, Interlocked.Read(ref overruns));
    }

    [Fact]
    public async Task A_permanent_failure_goes_to_the_partition_poison_queue_with_its_reason_and_the_original_completes()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), message, default);

        // Assert
        Assert.Equal(ProcessingOutcome.Poisoned, result.Outcome);
        var poisoned = Assert.Single(await harness.ReadPoisonAsync());
        Assert.Contains("permanent", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(AlertEnvelopeSerializer.Serialize(envelope), AlertEnvelopeSerializer.Serialize(poisoned.Envelope!)); // by content: the body is an array
        Assert.Single(await harness.ReadAllAsync(Poison(envelope)));
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal(AlertRecordState.Failed, record!.State);
        Assert.Contains("permanent", record.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"v":2,"clientId":"x"}""")]
    public async Task An_unreadable_or_unknown_version_envelope_goes_straight_to_poison(string raw)
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var queue = AlertPartitions.QueueName(3);
        await harness.Queues.GetQueueClient(queue).SendMessageAsync(BinaryData.FromString(raw));
        var message = await harness.ReceiveAsync(queue);

        // Act
        var result = await harness.Processor.ProcessAsync(queue, message, default);

        // Assert
        Assert.Equal(ProcessingOutcome.Poisoned, result.Outcome);
        var poisoned = PoisonMessage.Read(Assert.Single(await harness.ReadAllAsync(AlertPartitions.PoisonQueueName(3))));
        Assert.Null(poisoned.Envelope);
        Assert.NotNull(poisoned.Reason);
        Assert.Equal(raw, poisoned.OriginalMessage.ToString());
        Assert.Empty(harness.Dispatcher.Attempts);
    }

    [Fact]
    public async Task An_unknown_rule_type_is_parked_without_dispatch_and_never_poisoned()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client, ruleType: "Some Future Rule", ruleTypeKnown: false);
        await harness.EnqueueAsync(envelope);

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Parked, result.Outcome);
        Assert.Empty(harness.Dispatcher.Attempts);
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal((AlertRecordState.Completed, AlertRecordStore.ParkedOutcome), (record!.State, record.Outcome));
        Assert.Empty(await harness.ReadPoisonAsync());
    }

    [Fact]
    public async Task A_dispatch_without_a_handler_completes_as_parked()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.Park);
        await harness.EnqueueAsync(envelope);

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Parked, result.Outcome);
        Assert.Equal(AlertRecordStore.ParkedOutcome, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.Outcome);
    }

    [Fact]
    public async Task A_copy_that_meets_a_live_claim_is_sent_again_for_later_and_does_not_run()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "holder-message", 1, default);
        await harness.EnqueueAsync(TestAlerts.Redelivery(envelope));
        var copy = await harness.ReceiveAsync(Queue(envelope));

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), copy, default);

        // Assert
        Assert.Equal(ProcessingOutcome.Deferred, result.Outcome);
        Assert.Empty(harness.Dispatcher.Attempts);
        var resent = Assert.Single(await harness.ReadAllAsync(Queue(envelope)));
        Assert.Equal(copy.Body.ToString(), resent.ToString());
    }

    [Fact]
    public async Task A_dispatch_that_would_outlive_its_lease_is_cancelled_before_it_ends_and_released()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.RunUntilCancelled);
        await harness.EnqueueAsync(envelope);
        var processing = harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        while (!harness.Dispatcher.Attempts.ContainsKey(envelope.DedupKey))
        {
            await Task.Yield();
        }

        // Act
        harness.Time.Advance(harness.Options.LeaseDuration - harness.Options.LeaseSafetyMargin);
        var result = await processing;

        // Assert
        Assert.Equal(ProcessingOutcome.Retrying, result.Outcome);
        Assert.StartsWith("TimeoutException", result.Reason, StringComparison.Ordinal);
        Assert.Equal(AlertRecordState.Released, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.State);
        Assert.False(harness.Dispatcher.Handled.ContainsKey(envelope.DedupKey));
    }

    [Fact]
    public async Task A_claim_check_body_is_loaded_from_the_bodies_container()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var inline = TestAlerts.Envelope(Client);
        var blobName = $"{Client}/{inline.IngestionId}.json";
        await harness.Blobs.GetBlobContainerClient(AlertContainers.Bodies).UploadBlobAsync(blobName, BinaryData.FromBytes(inline.Body!));
        var envelope = inline with { Body = null, BodyBlob = blobName };
        await harness.EnqueueAsync(envelope);

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Handled, result.Outcome);
        var archived = harness.Blobs.GetBlobContainerClient(AlertContainers.Records).GetBlobClient(AlertRecordName.For(Client, envelope.DedupKey));
        Assert.Equal(inline.Body, (await archived.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task A_missing_claim_check_body_goes_to_poison()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client) with { Body = null, BodyBlob = "gone/nothing.json" };
        await harness.EnqueueAsync(envelope);

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Poisoned, result.Outcome);
        Assert.Contains("gone/nothing.json", Assert.Single(await harness.ReadPoisonAsync()).Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Dispatcher.Attempts);
    }

    [Fact]
    public async Task A_queue_that_is_not_a_partition_is_refused()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var message = QueuesModelFactory.QueueMessage("id", "receipt", BinaryData.FromString("{}"), 1);

        // Act
        var failure = await Record.ExceptionAsync(() => harness.Processor.ProcessAsync("some-other-queue", message, default));

        // Assert
        Assert.IsType<ArgumentException>(failure);
        Assert.Empty(harness.Dispatcher.Attempts);
    }
}
