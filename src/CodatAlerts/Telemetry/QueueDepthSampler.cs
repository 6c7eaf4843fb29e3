using System.Diagnostics.Metrics;
using Azure;
using Azure.Storage.Queues;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Telemetry;

/// <summary>
/// Samples the depth and the age of the oldest message of every partition queue and its poison queue, and publishes
/// the last sample through the observable gauges <see cref="TelemetryNames.QueueDepth"/> and
/// <see cref="TelemetryNames.QueueOldestAge"/> (tag <see cref="TelemetryTags.Queue"/>). A timer calls
/// <see cref="SampleAsync"/> once a minute; the metric exporter reads the gauges on its own schedule.
/// </summary>
/// <remarks>
/// Both figures are approximate by nature: the count is the service's estimate, and a peek sees only visible messages,
/// so a message being processed or waiting out a retry back-off is not the "oldest". Good enough to see a queue that
/// grows or a message that sits: what operators need.
/// </remarks>
public sealed class QueueDepthSampler
{
    /// <summary>
    /// How long a sample is reported. On a scaled-out app the timer runs on one instance at a time, and an instance that
    /// sampled once must not keep exporting those figures after the timer moved elsewhere: three missed minutes and
    /// the figures are dropped rather than shown stale.
    /// </summary>
    public static readonly TimeSpan SampleLifetime = TimeSpan.FromMinutes(3);

    private readonly QueueServiceClient _queues;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueDepthSampler> _logger;
    private QueueDepthSample? _last;

    public QueueDepthSampler(QueueServiceClient queues, IMeterFactory meterFactory, TimeProvider timeProvider, ILogger<QueueDepthSampler> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _queues = queues;
        _time = timeProvider;
        _logger = logger;

        var meter = meterFactory.Create(TelemetryNames.Source);
        meter.CreateObservableGauge(
            TelemetryNames.QueueDepth,
            () => Observe(q => q.ApproximateCount),
            "{message}",
            "Approximate number of messages in a partition or poison queue, from the last sample.");
        meter.CreateObservableGauge(
            TelemetryNames.QueueOldestAge,
            () => Observe(q => q.OldestAge.TotalSeconds),
            "s",
            "Age of the message at the front of a partition or poison queue, from the last sample.");
    }

    /// <summary>Every partition queue and its poison queue, in partition order.</summary>
    public static IReadOnlyList<string> SampledQueues { get; } =
        [.. Enumerable.Range(0, AlertPartitions.Count).SelectMany(p => new[] { AlertPartitions.QueueName(p), AlertPartitions.PoisonQueueName(p) })];

    /// <summary>The sample the gauges report now; null before the first one.</summary>
    public QueueDepthSample? LastSample => Volatile.Read(ref _last);

    /// <summary>Reads every queue (concurrently), then replaces the published sample.</summary>
    public async Task<QueueDepthSample> SampleAsync(CancellationToken cancellationToken)
    {
        var reads = await Task.WhenAll(SampledQueues.Select(name => ReadAsync(name, cancellationToken)));
        var sample = new QueueDepthSample(_time.GetUtcNow(), [.. reads.OfType<QueueDepth>()]);
        Volatile.Write(ref _last, sample);

        var poison = sample.Queues.Where(q => IsPoison(q.Queue)).Sum(q => q.ApproximateCount);
        var waiting = sample.Queues.Sum(q => q.ApproximateCount) - poison;
        TelemetryLog.QueueDepthSampled(_logger, sample.Queues.Count, waiting, poison);
        return sample;
    }

    private async Task<QueueDepth?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var queue = _queues.GetQueueClient(name);
        try
        {
            var properties = await queue.GetPropertiesAsync(cancellationToken);
            var front = await queue.PeekMessagesAsync(1, cancellationToken);
            var age = front.Value is [{ InsertedOn: { } insertedOn }, ..]
                ? Max(TimeSpan.Zero, _time.GetUtcNow() - insertedOn)
                : TimeSpan.Zero;
            return new QueueDepth(name, properties.Value.ApproximateMessagesCount, age);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A poison queue exists only after its first poison message; a partition queue before its first alert may
            // not exist either. Nothing there is exactly what zero means.
            return new QueueDepth(name, 0, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or IOException or TimeoutException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            TelemetryLog.QueueDepthSampleFailed(_logger, name, ex);
            return null;
        }
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<QueueDepth, T> value)
        where T : struct
    {
        var sample = LastSample;
        if (sample is null || _time.GetUtcNow() - sample.SampledAt > SampleLifetime)
        {
            return [];
        }

        return sample.Queues.Select(q => new Measurement<T>(value(q), new KeyValuePair<string, object?>(TelemetryTags.Queue, q.Queue)));
    }

    private static bool IsPoison(string queue) => queue.EndsWith(AlertPartitions.PoisonSuffix, StringComparison.Ordinal);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
