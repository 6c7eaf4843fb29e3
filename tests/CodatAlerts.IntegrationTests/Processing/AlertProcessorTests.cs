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
    public async Task A_transient_failure_releases_the_claim_and_rethrows_for_the_host_to_retry()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);
        var message = await harness.ReceiveAsync(Queue(envelope));

        // Act
        var failure = await Record.ExceptionAsync(() => harness.Processor.ProcessAsync(Queue(envelope), message, default));

        // Assert
        Assert.IsType<InvalidOperationException>(failure);
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal(AlertRecordState.Released, record!.State);
        Assert.Equal(1, record.Attempts);
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
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "holder-message", default);
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
        var failure = await Record.ExceptionAsync(() => processing);

        // Assert
        Assert.IsType<TimeoutException>(failure);
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
