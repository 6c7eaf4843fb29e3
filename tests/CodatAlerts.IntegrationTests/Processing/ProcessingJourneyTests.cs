using CodatAlerts.Journey;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>The processor's lines of an alert's journey, written after the write that made each true, never deciding an outcome.</summary>
[Collection("Azurite")]
public sealed class ProcessingJourneyTests(AzuriteFixture azurite)
{
    private const string Client = "2b3c4d5e-6f70-4819-a2b3-c4d5e6f70819";

    private static string Queue(AlertEnvelope envelope) => AlertPartitions.QueueName(envelope.Partition);

    [Fact]
    public async Task A_retried_alert_has_a_claim_a_failed_attempt_with_its_next_attempt_a_takeover_and_a_completion()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);
        await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Act
        await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        var journey = harness.Journey.Of(envelope.DedupKey);
        Assert.Equal(
            [JourneyEventKinds.Claimed, JourneyEventKinds.AttemptFailed, JourneyEventKinds.Claimed, JourneyEventKinds.Completed],
            journey.Select(e => e.Kind));
        Assert.Equal([1, 1, 2, 2], journey.Select(e => e.Attempt ?? 0));
        Assert.StartsWith("InvalidOperationException: Injected transient failure", journey[1].Error, StringComparison.Ordinal);
        Assert.Equal(journey[1].At + harness.Options.RetryDelay(1), journey[1].NextAttemptAt);
        Assert.Null(journey[0].Outcome);
        Assert.Equal("takeover-released", journey[2].Outcome);
        Assert.Equal(AlertRecordStore.HandledOutcome, journey[3].Outcome);
        Assert.All(journey, e => Assert.Equal(envelope.IngestionId, e.IngestionId));
    }

    [Fact]
    public async Task A_duplicate_is_a_line_with_the_state_it_found_and_its_own_delivery()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.EnqueueAsync(envelope);
        await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);
        var duplicate = TestAlerts.Redelivery(envelope) with { ReceivedAt = ProcessingHarness.Start.AddMinutes(3), Delivery = CodatAlerts.Intake.DeliveryMode.Signed };
        await harness.EnqueueAsync(duplicate);
        var copy = await harness.ReceiveAsync(Queue(envelope));

        // Act
        await harness.Processor.ProcessAsync(Queue(envelope), copy, default);

        // Assert
        var journey = harness.Journey.Of(envelope.DedupKey);
        Assert.Equal([JourneyEventKinds.Claimed, JourneyEventKinds.Completed, JourneyEventKinds.Duplicate], journey.Select(e => e.Kind));
        var line = journey[2];
        Assert.Equal("completed", line.Outcome);
        Assert.Equal((duplicate.IngestionId, duplicate.ReceivedAt, duplicate.Delivery), (line.IngestionId, line.ReceivedAt!.Value, line.Delivery!.Value));
        Assert.Equal((copy.MessageId, copy.DequeueCount), (line.MessageId, line.DequeueCount!.Value));
    }

    [Fact]
    public async Task A_journey_that_fails_changes_no_outcome()
    {
        // Guard: ProcessingJourney catches what the journey throws.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        harness.Journey.Fail = true;
        var envelope = TestAlerts.Envelope(Client);
        await harness.EnqueueAsync(envelope);

        // Act
        var result = await harness.Processor.ProcessAsync(Queue(envelope), await harness.ReceiveAsync(Queue(envelope)), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Handled, result.Outcome);
        Assert.Equal(AlertRecordState.Completed, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.State);
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey]);
    }

    [Fact]
    public async Task A_deferred_copy_and_a_poisoned_alert_say_when_and_why()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var busy = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(busy, busy.Body!, "holder-message", 1, default);
        await harness.EnqueueAsync(TestAlerts.Redelivery(busy));
        var bad = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(bad.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(bad);

        // Act
        await harness.Processor.ProcessAsync(Queue(busy), await harness.ReceiveAsync(Queue(busy)), default);
        await harness.Processor.ProcessAsync(Queue(bad), await harness.ReceiveAsync(Queue(bad)), default);

        // Assert
        var deferred = Assert.Single(harness.Journey.Of(busy.DedupKey));
        Assert.Equal((JourneyEventKinds.Deferred, deferred.At), (deferred.Kind, deferred.NextAttemptAt!.Value));
        var poisoned = harness.Journey.Of(bad.DedupKey);
        Assert.Equal([JourneyEventKinds.Claimed, JourneyEventKinds.Poisoned], poisoned.Select(e => e.Kind));
        Assert.StartsWith("Injected permanent failure", poisoned[1].Error, StringComparison.Ordinal);
    }
}
