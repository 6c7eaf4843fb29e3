using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>The queue functions driven the way the host drives them: retries, the host's poison move, a crashed worker.</summary>
[Collection("Azurite")]
public sealed class HostRetryTests(AzuriteFixture azurite)
{
    private const string Client = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

    [Fact]
    public async Task The_emulated_host_has_one_trigger_per_partition_queue()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);

        // Act
        var queues = harness.Host.TriggerQueues;

        // Assert
        Assert.Equal(AlertPartitions.QueueNames.Order(StringComparer.Ordinal), queues.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_processor_knows_the_hosts_maximum_dequeue_count()
    {
        // Arrange
        var host = HostQueueSettings.Load();

        // Act
        var processing = new ProcessingOptions();

        // Assert
        Assert.Equal(host.MaxDequeueCount, processing.MaxDequeueCount);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_by_the_host_and_the_alert_runs_once()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailTransiently, DispatchStep.FailTransiently);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(3, harness.Dispatcher.Attempts[envelope.DedupKey]);
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
        Assert.Equal(AlertRecordState.Completed, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.State);
    }

    [Fact]
    public async Task A_message_that_fails_at_every_attempt_is_moved_to_poison_by_the_host_at_the_maximum_dequeue_count()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var maxDequeueCount = HostQueueSettings.Load().MaxDequeueCount;
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, [.. Enumerable.Repeat(DispatchStep.FailTransiently, 100)]);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(maxDequeueCount, harness.Dispatcher.Attempts[envelope.DedupKey]);
        Assert.Equal(1, harness.Host.MovedToPoison);
        var poisoned = Assert.Single(await harness.ReadPoisonAsync());
        Assert.Null(poisoned.Reason); // The host's copy carries only the body.
        Assert.Equal(AlertEnvelopeSerializer.Serialize(envelope), AlertEnvelopeSerializer.Serialize(poisoned.Envelope!)); // by content: the body is an array
        Assert.Equal(AlertRecordState.Released, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.State);
    }

    [Fact]
    public async Task A_worker_that_crashes_after_its_claim_has_the_alert_taken_over_when_the_lease_runs_out()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.Crash);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(1, harness.Host.Abandoned);
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal((AlertRecordState.Completed, 2), (record!.State, record.Attempts));
    }

    [Fact]
    public async Task Copies_delivered_together_run_the_alert_once()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        for (var copy = 0; copy < 5; copy++)
        {
            await harness.EnqueueAsync(TestAlerts.Redelivery(envelope));
        }

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
        Assert.Empty(await harness.ReadPoisonAsync());
    }
}
