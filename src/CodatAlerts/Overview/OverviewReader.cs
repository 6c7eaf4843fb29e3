using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.Journey;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Storage;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Overview;

/// <summary>
/// The operator overview. Outcomes: the records received in the window, found by one range over the
/// <see cref="AlertRecordTags.Received"/> index tag (1 Find Blobs by Tags per 5,000), then 1 Get Blob Properties per
/// record for its state (tags never change, the state does), at most <see cref="MaxRecords"/> per call. Queues:
/// per partition 1 Get Queue Properties for depth, 1 for its poison queue and 1 Peek Messages for the first waiting
/// message's age (at most 24 requests for 8 partitions). Duplicates absorbed are not in the records (a record holds
/// one alert however many copies came): <c>duplicate</c> counts them by the minute they were absorbed, from the
/// <see cref="DuplicateTally"/> (one List Blobs per day and one Get Blob per hour that had any).
/// </summary>
public sealed class OverviewReader(ProcessingStorage storage, TimeProvider time, ILogger<OverviewReader> logger)
{
    /// <summary>The most records one overview reads.</summary>
    public const int MaxRecords = 5000;

    /// <summary>The longest window.</summary>
    public const int MaxHours = 24;

    private const int ReadConcurrency = 16;

    private readonly BlobContainerClient _records = storage.Blobs.GetBlobContainerClient(AlertContainers.Records);
    private readonly DuplicateTally _duplicates = new(storage.Blobs);

    /// <summary>The overview of the last <paramref name="hours"/> hours; null when storage failed.</summary>
    public async Task<OpsOverview?> ReadAsync(int hours, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hours, MaxHours);
        var now = time.GetUtcNow();
        var since = Minute(now.AddHours(-hours));
        try
        {
            var (buckets, records, complete) = await BucketsAsync(since, now, cancellationToken);
            var partitions = await Task.WhenAll(Enumerable.Range(0, AlertPartitions.Count).Select(p => PartitionAsync(p, now, cancellationToken)));
            var oldest = partitions.Max(p => p.OldestAgeSeconds);
            return new OpsOverview(since, buckets, partitions, oldest, records, complete);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            OverviewLog.StorageUnavailable(logger, ex);
            return null;
        }
    }

    /// <summary>The answer the console reads.</summary>
    public static string ToJson(OpsOverview overview)
    {
        ArgumentNullException.ThrowIfNull(overview);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("since", overview.Since);
            writer.WriteStartArray("buckets");
            foreach (var b in overview.Buckets)
            {
                writer.WriteStartObject();
                writer.WriteString("minute", b.Minute);
                writer.WriteNumber("handled", b.Handled);
                writer.WriteNumber("duplicate", b.Duplicate);
                writer.WriteNumber("retrying", b.Retrying);
                writer.WriteNumber("poisoned", b.Poisoned);
                writer.WriteNumber("parked", b.Parked);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("partitions");
            foreach (var p in overview.Partitions)
            {
                writer.WriteStartObject();
                writer.WriteNumber("partition", p.Partition);
                writer.WriteNumber("depth", p.Depth);
                writer.WriteNumber("poison", p.Poison);
                Seconds(writer, "oldestAgeSeconds", p.OldestAgeSeconds);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            Seconds(writer, "oldestUnprocessedAgeSeconds", overview.OldestUnprocessedAgeSeconds);
            writer.WriteNumber("records", overview.Records);
            writer.WriteBoolean("complete", overview.Complete);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<(IReadOnlyList<MinuteBucket> Buckets, int Records, bool Complete)> BucketsAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every ISO time starts with a digit, so "< ':'" closes the range above any receipt time.
        var expression = $"\"{AlertRecordTags.Received}\" >= '{AlertRecordTags.Time(since)}' AND \"{AlertRecordTags.Received}\" < ':'";
        var names = new List<string>();
        var complete = true;
        await foreach (var item in _records.FindBlobsByTagsAsync(expression, cancellationToken))
        {
            if (names.Count == MaxRecords)
            {
                complete = false;
                break;
            }

            names.Add(item.BlobName);
        }

        var counts = new ConcurrentDictionary<DateTimeOffset, int[]>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken }, async (name, token) =>
        {
            Azure.Storage.Blobs.Models.BlobProperties properties;
            try
            {
                properties = (await _records.GetBlobClient(name).GetPropertiesAsync(cancellationToken: token)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return; // Expired between the index and the read.
            }

            var record = AlertRecordMetadata.Read(properties.Metadata, properties.ETag, properties.LastModified);
            if (Column(record) is not { } column || !properties.Metadata.TryGetValue(AlertRecordMetadata.ReceivedAt, out var received)
                || !DateTimeOffset.TryParse(received, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                return;
            }

            var row = counts.GetOrAdd(Minute(at), _ => new int[5]);
            Interlocked.Increment(ref row[column]);
        });

        foreach (var (minute, duplicates) in await _duplicates.CountAsync(since, now, cancellationToken))
        {
            counts.GetOrAdd(minute, _ => new int[5])[1] = duplicates;
        }

        var buckets = counts.OrderBy(c => c.Key).Select(c => new MinuteBucket(c.Key, c.Value[0], c.Value[1], c.Value[2], c.Value[3], c.Value[4])).ToList();
        return (buckets, names.Count, complete);
    }

    // handled, (duplicate: from the tally), retrying, poisoned, parked; null for an alert in its first attempt (not an outcome yet).
    private static int? Column(AlertRecord record) => record.State switch
    {
        AlertRecordState.Completed => record.Outcome == AlertRecordStore.ParkedOutcome ? 4 : 0,
        AlertRecordState.Failed => 3,
        AlertRecordState.Released => 2,
        AlertRecordState.Processing when record.Attempts > 1 => 2,
        _ => null,
    };

    private async Task<PartitionFigures> PartitionAsync(int partition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queue = storage.Queues.Get(AlertPartitions.QueueName(partition));
        var depth = await CountAsync(queue, cancellationToken);
        var poison = await CountAsync(storage.Poison.Queue(partition), cancellationToken);
        double? age = null;
        if (depth > 0)
        {
            try
            {
                var first = (await queue.PeekMessagesAsync(1, cancellationToken)).Value;
                age = first is [{ InsertedOn: { } inserted }] ? Math.Max(0, (now - inserted).TotalSeconds) : null;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
            {
                age = null;
            }
        }

        return new PartitionFigures(partition, depth, poison, age);
    }

    private static async Task<int> CountAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0; // Never created: nothing was ever sent to it.
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static void Seconds(Utf8JsonWriter writer, string name, double? seconds)
    {
        if (seconds is { } value)
        {
            writer.WriteNumber(name, Math.Round(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
