using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using CodatAlerts.Intake;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Replay;
using CodatAlerts.Storage;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>The host-poison sweep against real Azurite: any message, every partition, write before delete, one copy per host copy.</summary>
[Collection("Azurite")]
public sealed partial class HostPoisonSweepTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan HostTimeToLive = TimeSpan.FromDays(7);
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    [Fact]
    public async Task A_message_that_is_not_base64_is_wrapped_with_its_exact_bytes_and_does_not_stop_the_sweep()
    {
        // Arrange: in partition 0 a message written without base64 (by hand), then a host copy; another in partition 6.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        using var counts = new SweepCounts(harness.MeterFactory);
        const string Undecodable = "{\"not\": \"base64\", \"written\": \"by hand\", \"é\": 1}";
        await RawPoison(0).SendMessageAsync(Undecodable, null, HostTimeToLive);
        await HostCopyAsync(harness, 0);
        await HostCopyAsync(harness, 6);

        // Act
        var report = await harness.Sweeper.SweepAsync(default);
        var again = await harness.Sweeper.SweepAsync(default);

        // Assert: all three in the app's form, never expiring; the hand-written one byte for byte with its reason.
        Assert.Equal((3, 0, true), (report.Swept, again.Swept, report.Complete));
        var partition0 = await PeekAllAsync(harness, 0);
        Assert.Equal(2, partition0.Count);
        Assert.All(partition0, m => Assert.True(m.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"Expires on {m.ExpiresOn:O}."));
        var wrapped = Assert.Single(partition0.Select(m => PoisonMessage.Read(m.Body)), a => a.Reason == HostPoisonSweeper.UndecodableReason);
        Assert.Equal(Encoding.UTF8.GetBytes(Undecodable), wrapped.OriginalMessage.ToArray());
        Assert.Equal(2, counts.Poisoned(AlertOutcomes.RetriesExhausted));
        Assert.Equal(1, counts.Poisoned(AlertOutcomes.Permanent));
    }

    [Fact]
    public async Task Every_partition_is_swept_every_run_whatever_partition_0_holds()
    {
        // Arrange: partition 0 holds more parked (app-form) messages than one pass reads; partition 7 a host copy.
        await using var harness = await ProcessingHarness.CreateAsync(azurite, Budget(20));
        using var counts = new SweepCounts(harness.MeterFactory);
        await ParkAsync(harness, 0, 50);
        await HostCopyAsync(harness, 7);

        // Act
        var report = await harness.Sweeper.SweepAsync(default);

        // Assert: partition 7 swept in the same run; partition 0's pass stopped at its budget and says so.
        Assert.Equal(1, report.Partitions[7].Swept);
        Assert.Equal(SweepIncompleteReason.Budget, report.Partitions[0].Incomplete);
        Assert.All(report.Partitions.Skip(1), p => Assert.Null(p.Incomplete));
        Assert.Equal([("00", SweepIncompleteReason.Budget)], counts.Incomplete);
        Assert.Equal(HostPoisonSweeper.Reason, Assert.Single((await PeekAllAsync(harness, 7)).Select(m => PoisonMessage.Read(m.Body))).Reason);
    }

    [Fact]
    public async Task A_host_copy_behind_more_parked_messages_than_the_budget_is_reached_by_the_next_runs()
    {
        // Arrange: the host copy arrives after 50 parked messages; each pass reads past 20.
        await using var harness = await ProcessingHarness.CreateAsync(azurite, Budget(20));
        await ParkAsync(harness, 0, 50);
        await HostCopyAsync(harness, 0);

        // Act: as many runs as it takes to read the queue through once (ceil(51 / 20)).
        var swept = 0;
        for (var run = 0; run < 3; run++)
        {
            swept += (await harness.Sweeper.SweepAsync(default)).Swept;
        }

        // Assert
        Assert.Equal(1, swept);
        Assert.Equal(51, (await PeekAllAsync(harness, 0)).Count);
    }

    [Fact]
    public async Task A_storage_failure_in_one_partition_leaves_the_others_swept_and_is_counted()
    {
        // Arrange: partition 0's receive fails; partition 5 holds a host copy.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        using var counts = new SweepCounts(harness.MeterFactory);
        await HostCopyAsync(harness, 5);
        harness.Faults.FailNext(RequestMethod.Get, AlertPartitions.PoisonQueueName(0));

        // Act
        var report = await harness.Sweeper.SweepAsync(default);

        // Assert
        Assert.Equal(SweepIncompleteReason.StorageFailed, report.Partitions[0].Incomplete);
        Assert.Equal(1, report.Partitions[5].Swept);
        Assert.Equal([("00", SweepIncompleteReason.StorageFailed)], counts.Incomplete);
    }

    [Fact]
    public async Task The_wrapped_copy_is_written_before_the_host_copy_is_deleted()
    {
        // Arrange: the wrapped copy's write fails.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = await HostCopyAsync(harness, 3);
        harness.Faults.FailNext(RequestMethod.Post, AlertPartitions.PoisonQueueName(3));

        // Act
        var failed = await harness.Sweeper.SweepAsync(default);

        // Assert: the host copy is still there, visible, and the next run wraps it.
        Assert.Equal((SweepIncompleteReason.StorageFailed, 0), (failed.Partitions[3].Incomplete, failed.Swept));
        var left = Assert.Single(await PeekAllAsync(harness, 3));
        Assert.True(left.ExpiresOn < DateTimeOffset.UtcNow.AddDays(8), "Still the host's copy.");
        Assert.Equal(1, (await harness.Sweeper.SweepAsync(default)).Swept);
        var wrapped = PoisonMessage.Read(Assert.Single(await PeekAllAsync(harness, 3)).Body);
        Assert.Equal((HostPoisonSweeper.Reason, envelope.DedupKey), (wrapped.Reason, wrapped.Envelope!.DedupKey));
    }

    [Fact]
    public async Task A_host_copy_whose_delete_fails_is_not_wrapped_a_second_time()
    {
        // Arrange: a sweeper whose receives hold messages for 5 s instead of 2 min (long enough for a pass on a loaded
        // machine to end inside its own hold), so the next run comes after the hold has ended, as the real timer's next
        // run (5 min) does.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var faults = new QueueFaults();
        var sweeper = ShortHoldSweeper(harness, faults);
        await HostCopyAsync(harness, 3);
        faults.FailNext(RequestMethod.Delete, AlertPartitions.PoisonQueueName(3));

        // Act
        var first = await sweeper.SweepAsync(default);
        await Task.Delay(TimeSpan.FromSeconds(6));
        var second = await sweeper.SweepAsync(default);

        // Assert: one app-form copy; the host copy stays hidden until it expires.
        Assert.Equal((1, 0, 1), (first.Swept, second.Swept, faults.Injected));
        Assert.True(first.Complete && second.Complete, string.Join(" / ", first.Partitions.Concat(second.Partitions).Where(p => p.Incomplete is not null)));
        var visible = Assert.Single(await PeekAllAsync(harness, 3));
        Assert.Equal(HostPoisonSweeper.Reason, PoisonMessage.Read(visible.Body).Reason);
        Assert.Equal(2, (await harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(3)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private QueueClient RawPoison(int partition) =>
        new(azurite.ConnectionString, AlertPartitions.PoisonQueueName(partition), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    private static KeyValuePair<string, string?> Budget(int budget) => new("Alerts:Processing:SweepPartitionBudget", budget.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A client ID whose alerts go to <paramref name="partition"/>.</summary>
    internal static string ClientOn(int partition)
    {
        for (var i = 0; ; i++)
        {
            var client = $"00000000-0000-4000-8000-{i:D12}";
            if (PartitionRouter.HashPartition(client) == partition)
            {
                return client;
            }
        }
    }

    /// <summary>What the host writes to poison after the last failed dequeue: the bare body, 7 days to live.</summary>
    private static async Task<AlertEnvelope> HostCopyAsync(ProcessingHarness harness, int partition)
    {
        var envelope = TestAlerts.Envelope(ClientOn(partition));
        await harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(partition))
            .SendMessageAsync(BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(envelope)), null, HostTimeToLive);
        return envelope;
    }

    /// <summary>Parked alerts in the app's form (never expiring), as a downstream outage past the horizon leaves them.</summary>
    private static async Task ParkAsync(ProcessingHarness harness, int partition, int count)
    {
        var poison = harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(partition));
        var client = ClientOn(partition);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            var original = Azure.Storage.Queues.Models.QueuesModelFactory.QueueMessage(
                Guid.NewGuid().ToString(), "receipt", BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(TestAlerts.Envelope(client))), 5, null, null, null);
            await poison.SendMessageAsync(PoisonMessage.Create(original, "downstream outage past the retry horizon", ProcessingHarness.Start), null, NeverExpires, ct);
        });
    }

    private static async Task<IReadOnlyList<Azure.Storage.Queues.Models.QueueMessage>> PeekAllAsync(ProcessingHarness harness, int partition)
    {
        var queue = harness.Queues.GetQueueClient(AlertPartitions.PoisonQueueName(partition));
        var seen = new List<Azure.Storage.Queues.Models.QueueMessage>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value is { Length: > 0 } batch)
        {
            seen.AddRange(batch);
        }

        foreach (var message in seen)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        return seen;
    }

    private HostPoisonSweeper ShortHoldSweeper(ProcessingHarness harness, QueueFaults faults)
    {
        // As ProcessingHarness: no retries, so idle connections are dropped before Azurite (Node, 5 s keep-alive) closes
        // them; without that, the second run's first call could meet a closed connection on a loaded machine.
        var raw = new QueueClientOptions
        {
            MessageEncoding = QueueMessageEncoding.None,
            Transport = new HttpClientTransport(new System.Net.Http.SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) }),
        };
        raw.Retry.MaxRetries = 0;
        raw.AddPolicy(new ShortReceiveHold(), HttpPipelinePosition.PerCall); // Before the request is signed.
        raw.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        var storage = new ProcessingStorage(
            new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
            harness.Blobs,
            new QueueServiceClient(azurite.ConnectionString, raw));
        var metrics = new AlertMetrics(harness.MeterFactory, Options.Create(new IntakeOptions()), harness.Time);
        return new HostPoisonSweeper(storage, metrics, harness.MeterFactory, Options.Create(harness.Options), harness.Time, NullLogger<HostPoisonSweeper>.Instance);
    }

    /// <summary>Makes every receive hold its messages for 5 s (the sweep asks 2 min), as if that much time had passed.</summary>
    private sealed partial class ShortReceiveHold : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Query.Contains("visibilitytimeout=", StringComparison.Ordinal))
            {
                message.Request.Uri.Query = Hold().Replace(message.Request.Uri.Query, "visibilitytimeout=5");
            }
        }

        [GeneratedRegex("visibilitytimeout=[0-9]+")]
        private static partial Regex Hold();
    }

    /// <summary>The sweep's incomplete passes and the poison counts, of one meter factory only.</summary>
    private sealed class SweepCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Partition, string Reason)> _incomplete = new();
        private readonly ConcurrentDictionary<string, long> _poisoned = new();

        public SweepCounts(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name is SweepMetrics.Name or TelemetryNames.Poisoned)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            {
                var values = new Dictionary<string, object?>();
                foreach (var tag in tags)
                {
                    values[tag.Key] = tag.Value;
                }

                if (instrument.Name == SweepMetrics.Name)
                {
                    _incomplete.Enqueue(((string)values[TelemetryTags.Partition]!, (string)values[SweepMetrics.ReasonTag]!));
                }
                else
                {
                    _poisoned.AddOrUpdate((string)values[TelemetryTags.Outcome]!, 1, (_, n) => n + 1);
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<(string Partition, string Reason)> Incomplete => [.. _incomplete];

        public long Poisoned(string outcome) => _poisoned.GetValueOrDefault(outcome);

        public void Dispose() => _listener.Dispose();
    }
}
