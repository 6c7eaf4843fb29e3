using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Replay;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Processing;

[Collection("Azurite")]
public sealed class PoisonReplayTests(AzuriteFixture azurite)
{
    private const string ClientA = "aaaaaaaa-1111-4111-8111-111111111111";
    private const string ClientB = "bbbbbbbb-2222-4222-9222-222222222222";

    private static ReplayRequest Replay(int? partition = null, string? clientId = null, string? ruleType = null, int max = 100, bool dryRun = false) =>
        new(partition, clientId, ruleType, max, dryRun);

    [Fact]
    public async Task A_permanently_failed_alert_goes_to_poison_comes_back_by_replay_and_is_processed()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(ClientA);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();
        Assert.Single(await harness.ReadPoisonAsync());
        harness.Dispatcher.Script(envelope.DedupKey); // The handler is fixed and deployed.

        // Act
        var report = await harness.Replayer.ReplayAsync(Replay(), default);
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal((1, 1, false), (report.Matched, report.Replayed, report.DryRun));
        Assert.Equal(1, Assert.Single(report.PerPartition, p => p.Partition == envelope.Partition).Replayed);
        Assert.Empty(await harness.ReadPoisonAsync());
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        Assert.Equal(AlertRecordState.Completed, (await harness.Records.GetAsync(ClientA, envelope.DedupKey, default))!.State);
    }

    [Fact]
    public async Task A_replay_whose_poison_delete_fails_after_the_send_leaves_a_harmless_duplicate_and_the_alert_runs_once()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(ClientA);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();
        harness.Dispatcher.Script(envelope.DedupKey);
        var poisonQueue = AlertPartitions.PoisonQueueName(envelope.Partition);
        harness.Faults.FailNext(Azure.Core.RequestMethod.Delete, poisonQueue);

        // Act
        var failure = await Record.ExceptionAsync(() => harness.Replayer.ReplayAsync(Replay(), default));
        await harness.Host.RunUntilIdleAsync();

        // Assert: sent, not deleted; the copy left in poison (held by the scan) is one more copy, not a second run.
        Assert.IsType<Azure.RequestFailedException>(failure);
        Assert.Equal(1, harness.Dispatcher.Attempts[envelope.DedupKey] - 1); // one start failed permanently, one handled
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        Assert.Equal(1, (await harness.Queues.GetQueueClient(poisonQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(AlertRecordState.Completed, (await harness.Records.GetAsync(ClientA, envelope.DedupKey, default))!.State);
    }

    [Fact]
    public async Task A_replay_whose_send_fails_deletes_nothing_and_the_alert_stays_in_poison()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(ClientA);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();
        harness.Faults.FailNext(Azure.Core.RequestMethod.Post, AlertPartitions.QueueName(envelope.Partition));

        // Act
        var failure = await Record.ExceptionAsync(() => harness.Replayer.ReplayAsync(Replay(), default));

        // Assert: the only copy is still in poison (made visible again by the scan's clean-up), and replayable.
        Assert.IsType<Azure.RequestFailedException>(failure);
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
        var still = Assert.Single(await harness.ReadPoisonAsync());
        Assert.Equal(AlertEnvelopeSerializer.Serialize(envelope), AlertEnvelopeSerializer.Serialize(still.Envelope!)); // by content: the body is an array
        harness.Dispatcher.Script(envelope.DedupKey);
        var report = await harness.Replayer.ReplayAsync(Replay(), default);
        await harness.Host.RunUntilIdleAsync();
        Assert.Equal(1, report.Replayed);
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
    }

    [Fact]
    public async Task A_replayed_alert_never_expires_while_it_waits_in_its_partition_queue()
    {
        // Arrange: the replayed copy is the only one left, so storage's 7-day default would lose it behind a stalled partition.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(ClientA);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();

        // Act
        await harness.Replayer.ReplayAsync(Replay(), default);

        // Assert
        var queue = harness.Queues.GetQueueClient(AlertPartitions.QueueName(envelope.Partition));
        var waiting = Assert.Single((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
        Assert.True(waiting.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"The replayed message expires on {waiting.ExpiresOn:O}.");
    }

    [Fact]
    public async Task A_message_the_host_moved_to_poison_is_replayed_from_its_bare_body()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(ClientA);
        var poison = harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(envelope.Partition));
        await poison.SendMessageAsync(BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(envelope))); // As the host moves it: the body only.

        // Act
        var report = await harness.Replayer.ReplayAsync(Replay(clientId: ClientA), default);
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(1, report.Replayed);
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        Assert.Empty(await harness.ReadPoisonAsync());
    }

    [Fact]
    public async Task A_dry_run_only_counts_and_changes_nothing()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var alerts = Enumerable.Range(0, 3).Select(_ => TestAlerts.Envelope(ClientA)).ToList();
        foreach (var alert in alerts)
        {
            harness.Dispatcher.Script(alert.DedupKey, DispatchStep.FailPermanently);
            await harness.EnqueueAsync(alert);
        }

        await harness.Host.RunUntilIdleAsync();
        var before = (await harness.ReadAllAsync(AlertPartitions.PoisonQueueName(alerts[0].Partition))).Select(b => b.ToString()).Order(StringComparer.Ordinal).ToList();

        // Act
        var report = await harness.Replayer.ReplayAsync(Replay(dryRun: true), default);

        // Assert
        Assert.Equal((3, 3, 0, true), (report.Scanned, report.Matched, report.Replayed, report.DryRun));
        var after = (await harness.ReadAllAsync(AlertPartitions.PoisonQueueName(alerts[0].Partition))).Select(b => b.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(before, after);
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
        foreach (var alert in alerts)
        {
            Assert.Equal(AlertRecordState.Failed, (await harness.Records.GetAsync(ClientA, alert.DedupKey, default))!.State);
        }
    }

    [Fact]
    public async Task Replay_moves_only_what_the_partition_client_rule_type_and_count_select()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var alerts = new[]
        {
            TestAlerts.Envelope(ClientA, ruleType: "DataSyncCompleted"),
            TestAlerts.Envelope(ClientA, ruleType: "DataSyncCompleted"),
            TestAlerts.Envelope(ClientA, ruleType: "SyncFailed"),
            TestAlerts.Envelope(ClientB, ruleType: "DataSyncCompleted"),
        };
        foreach (var alert in alerts)
        {
            harness.Dispatcher.Script(alert.DedupKey, DispatchStep.FailPermanently);
            await harness.EnqueueAsync(alert);
        }

        await harness.Host.RunUntilIdleAsync();
        var partitionA = PartitionRouter.HashPartition(ClientA);

        // Act
        var wrongPartition = await harness.Replayer.ReplayAsync(Replay(partition: (partitionA + 1) % AlertPartitions.Count, clientId: ClientA), default);
        var report = await harness.Replayer.ReplayAsync(Replay(partition: partitionA, clientId: ClientA.ToUpperInvariant(), ruleType: "datasynccompleted", max: 1), default);

        // Assert
        Assert.Equal(0, wrongPartition.Matched);
        Assert.Equal((1, 1), (report.Matched, report.Replayed));
        Assert.Equal(partitionA, Assert.Single(report.PerPartition).Partition);
        var replayed = PoisonMessage.Read(Assert.Single(await harness.ReadAllAsync(AlertPartitions.QueueName(partitionA)))).Envelope!;
        Assert.Equal((ClientA, "DataSyncCompleted"), (replayed.ClientId, replayed.RuleType));
        Assert.Equal(3, (await harness.ReadPoisonAsync()).Count);
    }

    [Fact]
    public async Task A_replayed_copy_of_an_alert_that_did_complete_does_not_run_again()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(ClientB);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();
        await harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(envelope.Partition))
            .SendMessageAsync(BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(TestAlerts.Redelivery(envelope))));

        // Act
        var report = await harness.Replayer.ReplayAsync(Replay(), default);
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(1, report.Replayed);
        Assert.Equal(1, harness.Dispatcher.Handled[envelope.DedupKey]);
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
    }

    [Fact]
    public async Task A_poison_message_that_is_not_an_envelope_is_moved_only_by_an_unfiltered_replay()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var queue = AlertPartitions.QueueName(2);
        await harness.Queues.GetQueueClient(queue).SendMessageAsync(BinaryData.FromString("garbage"));
        await harness.Host.RunUntilIdleAsync();

        // Act
        var filtered = await harness.Replayer.ReplayAsync(Replay(clientId: ClientA), default);
        var unfiltered = await harness.Replayer.ReplayAsync(Replay(partition: 2), default);

        // Assert
        Assert.Equal((1, 0), (filtered.Scanned, filtered.Matched));
        Assert.Equal(1, unfiltered.Replayed);
        Assert.Equal("garbage", Assert.Single(await harness.ReadAllAsync(queue)).ToString());
    }
}
