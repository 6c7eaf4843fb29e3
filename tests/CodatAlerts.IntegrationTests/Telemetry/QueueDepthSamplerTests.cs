using System.Diagnostics.Metrics;
using Azure.Storage.Queues;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CodatAlerts.IntegrationTests.Telemetry;

/// <summary>
/// The sampler against a real Azurite of this class's own (a class fixture, so no shared collection is needed).
/// Every test starts from no queues at all. Message ages are measured from the insertion time Azurite reports,
/// against a fake clock, so no assertion depends on how long the test takes.
/// </summary>
[Collection(OpenTelemetryMetricsCollection.Name)]
public sealed class QueueDepthSamplerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime, IDisposable
{
    private readonly QueueServiceClient _queues = new(azurite.ConnectionString);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<MetricSnapshot> _exported = [];
    private readonly FakeTimeProvider _time = new();
    private MeterProvider? _meterProvider;

    public async Task InitializeAsync()
    {
        foreach (var name in QueueDepthSampler.SampledQueues)
        {
            await _queues.GetQueueClient(name).DeleteIfExistsAsync();
        }

        // Delta, as the Azure Monitor exporter reads: a gauge that observed nothing exports nothing.
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(TelemetryNames.Source)
            .AddInMemoryExporter(_exported, reader => reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta)
            .Build();
    }

    [Fact]
    public async Task A_sample_reports_the_depth_and_oldest_age_of_every_partition_and_poison_queue()
    {
        // Arrange
        var partition = await CreateWithMessagesAsync(AlertPartitions.QueueName(3), 3);
        var poison = await CreateWithMessagesAsync(AlertPartitions.PoisonQueueName(3), 1);
        var oldest = await FrontInsertedOnAsync(partition);
        var oldestPoison = await FrontInsertedOnAsync(poison);
        _time.SetUtcNow(oldest.AddSeconds(90));
        var sampler = Sampler();

        // Act
        var sample = await sampler.SampleAsync(CancellationToken.None);

        // Assert
        Assert.Equal(QueueDepthSampler.SampledQueues, sample.Queues.Select(q => q.Queue));
        Assert.Equal(new QueueDepth(AlertPartitions.QueueName(3), 3, TimeSpan.FromSeconds(90)), sample.Queues.Single(q => q.Queue == partition.Name));
        Assert.Equal(new QueueDepth(poison.Name, 1, oldest.AddSeconds(90) - oldestPoison), sample.Queues.Single(q => q.Queue == poison.Name));
        Assert.All(sample.Queues.Where(q => q.Queue != partition.Name && q.Queue != poison.Name), q =>
        {
            Assert.Equal(0, q.ApproximateCount);
            Assert.Equal(TimeSpan.Zero, q.OldestAge);
        });
    }

    [Fact]
    public async Task The_gauges_publish_the_last_sample_per_queue()
    {
        // Arrange
        var partition = await CreateWithMessagesAsync(AlertPartitions.QueueName(5), 2);
        _time.SetUtcNow((await FrontInsertedOnAsync(partition)).AddSeconds(30));
        var sampler = Sampler();
        await sampler.SampleAsync(CancellationToken.None);

        // Act
        var depth = Gauge(TelemetryNames.QueueDepth, p => p.GetGaugeLastValueLong());
        var age = Gauge(TelemetryNames.QueueOldestAge, p => p.GetGaugeLastValueDouble());

        // Assert
        Assert.Equal(QueueDepthSampler.SampledQueues.Count, depth.Count);
        Assert.Equal(2, depth[partition.Name]);
        Assert.Equal(0, depth[AlertPartitions.PoisonQueueName(5)]);
        Assert.Equal(0, depth[AlertPartitions.QueueName(0)]);
        Assert.Equal(30, age[partition.Name]);
    }

    [Fact]
    public async Task The_gauges_report_nothing_before_the_first_sample_or_once_it_is_stale()
    {
        // Arrange
        var sampler = Sampler();
        var beforeFirst = Gauge(TelemetryNames.QueueDepth, p => p.GetGaugeLastValueLong());
        await sampler.SampleAsync(CancellationToken.None);
        var fresh = Gauge(TelemetryNames.QueueDepth, p => p.GetGaugeLastValueLong());

        // Act
        _time.Advance(QueueDepthSampler.SampleLifetime + TimeSpan.FromSeconds(1));
        var stale = Gauge(TelemetryNames.QueueDepth, p => p.GetGaugeLastValueLong());

        // Assert
        Assert.Empty(beforeFirst);
        Assert.Equal(QueueDepthSampler.SampledQueues.Count, fresh.Count);
        Assert.Empty(stale);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _meterProvider?.Dispose();
        _services.Dispose();
    }

    private QueueDepthSampler Sampler() =>
        new(_queues, _services.GetRequiredService<IMeterFactory>(), _time, NullLogger<QueueDepthSampler>.Instance);

    private async Task<QueueClient> CreateWithMessagesAsync(string name, int count)
    {
        var queue = _queues.GetQueueClient(name);
        await queue.CreateAsync();
        for (var i = 0; i < count; i++)
        {
            await queue.SendMessageAsync($"message {i}");
        }

        return queue;
    }

    private static async Task<DateTimeOffset> FrontInsertedOnAsync(QueueClient queue) =>
        (await queue.PeekMessageAsync()).Value.InsertedOn!.Value;

    private Dictionary<string, T> Gauge<T>(string instrument, Func<MetricPoint, T> value)
    {
        _exported.Clear();
        _meterProvider!.ForceFlush();
        var points = _exported.LastOrDefault(m => m.Name == instrument)?.MetricPoints ?? [];
        return points.ToDictionary(
            p =>
            {
                foreach (var tag in p.Tags)
                {
                    if (tag.Key == TelemetryTags.Queue)
                    {
                        return (string)tag.Value!;
                    }
                }

                throw new InvalidOperationException($"A {instrument} point has no {TelemetryTags.Queue} tag.");
            },
            value);
    }
}
