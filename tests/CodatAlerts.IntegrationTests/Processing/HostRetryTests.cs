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
    public async Task A_transient_failure_is_retried_by_the_app_and_the_alert_runs_once()
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
    public async Task An_alert_that_fails_at_every_attempt_is_retried_by_the_app_with_its_own_delays_until_its_horizon_and_never_reaches_the_hosts_poison()
    {
        // Arrange: a one-hour horizon, the app's delays as configured (30 s doubling, at most 30 min) on the fake clocks.
        var dispatcher = new ChaosDispatcher();
        await using var harness = await EmulatorHarness.CreateAsync(azurite, dispatcher, settings: new KeyValuePair<string, string?>("Alerts:Processing:RetryHorizon", "01:00:00"));
        var envelope = TestAlerts.Envelope(Client);
        dispatcher.Script(envelope.DedupKey, [.. Enumerable.Repeat(ChaosStep.FailTransiently, 1_000)]);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert: attempts at 0, 30 s, 1.5, 3.5, 7.5, 15.5, 31.5 and 61.5 min: the eighth is past the horizon.
        var starts = dispatcher.StartTimes(envelope.DedupKey);
        Assert.True(starts.Count == 8, string.Join(", ", starts.Select(s => s - ProcessingHarness.Start)));
        Assert.Equal(0, harness.Host.MovedToPoison);
        Assert.Equal(0, harness.Host.Failed);
        var poisoned = Assert.Single(await harness.ReadPoisonAsync());
        Assert.StartsWith("Gave up after 8 attempts over 01:01:3", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(AlertRecordState.Failed, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.State);
    }

    [Fact]
    public async Task The_horizon_and_the_first_failure_are_judged_on_the_storage_services_clock_not_the_workers()
    {
        // Arrange: the service's clock runs two hours ahead of the workers'.
        var skew = TimeSpan.FromHours(2);
        var dispatcher = new ChaosDispatcher();
        await using var harness = await EmulatorHarness.CreateAsync(azurite, dispatcher, serviceSkew: skew);
        var envelope = TestAlerts.Envelope(Client);
        dispatcher.Script(envelope.DedupKey, [ChaosStep.FailTransiently, ChaosStep.FailTransiently]);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert: the first failure is stamped with the service's time of the first claim; the two delays passed.
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal(AlertRecordState.Completed, record!.State);
        Assert.Equal(ProcessingHarness.Start + skew, record.FirstFailedAt);
        Assert.Equal(
            [ProcessingHarness.Start, ProcessingHarness.Start.AddSeconds(30), ProcessingHarness.Start.AddSeconds(90)],
            dispatcher.StartTimes(envelope.DedupKey));
        Assert.InRange(harness.WorkerTime.GetUtcNow() - ProcessingHarness.Start, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(92));
    }

    [Fact]
    public async Task A_worker_that_crashes_at_every_attempt_ends_in_the_apps_poison_with_its_reason_after_the_hosts_dequeue_count()
    {
        // Arrange: a copy that meets the dead holder's lease is re-sent, so the host's own count never reaches its
        // maximum; the record counts the abandoned claims instead (docs/processing.md).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var maxDequeueCount = HostQueueSettings.Load().MaxDequeueCount;
        var envelope = TestAlerts.Envelope(Client);
        harness.Dispatcher.Script(envelope.DedupKey, [.. Enumerable.Repeat(DispatchStep.Crash, 100)]);
        await harness.EnqueueAsync(envelope);

        // Act
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(maxDequeueCount, harness.Dispatcher.Attempts[envelope.DedupKey]);
        Assert.Equal(0, harness.Host.MovedToPoison);
        var wrapped = Assert.Single(await ReadPoisonMessagesAsync(harness, envelope.Partition));
        Assert.True(wrapped.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"The poison copy expires on {wrapped.ExpiresOn}.");
        var alert = PoisonMessage.Read(wrapped.Body);
        Assert.Contains($"stopped {maxDequeueCount} times", alert.Reason, StringComparison.Ordinal);
        Assert.Equal(AlertEnvelopeSerializer.Serialize(envelope), AlertEnvelopeSerializer.Serialize(alert.Envelope!)); // by content: the body is an array
    }

    [Fact]
    public async Task A_bare_copy_the_host_moved_to_poison_is_put_in_the_apps_form_without_expiry()
    {
        // Arrange: what the host writes after maxDequeueCount failures before a claim: the body only, default time to live.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        var poison = harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(envelope.Partition));
        await poison.SendMessageAsync(BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(envelope)));

        // Act
        var swept = (await harness.Sweeper.SweepAsync(default)).Swept;
        var sweptAgain = (await harness.Sweeper.SweepAsync(default)).Swept;

        // Assert
        Assert.Equal((1, 0), (swept, sweptAgain));
        var wrapped = Assert.Single(await ReadPoisonMessagesAsync(harness, envelope.Partition));
        Assert.True(wrapped.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"The swept copy expires on {wrapped.ExpiresOn}.");
        var alert = PoisonMessage.Read(wrapped.Body);
        Assert.Equal(CodatAlerts.Replay.HostPoisonSweeper.Reason, alert.Reason);
        Assert.Equal(AlertEnvelopeSerializer.Serialize(envelope), AlertEnvelopeSerializer.Serialize(alert.Envelope!)); // by content: the body is an array
    }

    [Fact]
    public async Task The_sweep_leaves_what_the_app_wrote_even_a_bare_copy_because_it_never_expires()
    {
        // Arrange: the app's fall-back form for an original too large to wrap is the bare original, never expiring.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        var poison = harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(envelope.Partition));
        await poison.SendMessageAsync(BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(envelope)), null, TimeSpan.FromSeconds(-1));

        // Act
        var swept = (await harness.Sweeper.SweepAsync(default)).Swept;

        // Assert
        Assert.Equal(0, swept);
        var left = Assert.Single(await ReadPoisonMessagesAsync(harness, envelope.Partition));
        Assert.Null(PoisonMessage.Read(left.Body).Reason);
    }

    private static async Task<IReadOnlyList<Azure.Storage.Queues.Models.QueueMessage>> ReadPoisonMessagesAsync(ProcessingHarness harness, int partition)
    {
        var queue = harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(partition));
        var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
        foreach (var message in messages)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        return messages;
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
