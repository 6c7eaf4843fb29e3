using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Replay;
using CodatAlerts.Storage;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Poison;

/// <summary>
/// Lists poison messages by peeking: a listing never receives, so it neither hides a message from a replay nor raises
/// its dequeue count. Peek sees at most the first <see cref="PeekMax"/> messages of a queue (the service's limit, it
/// cannot page), so a queue holding more is reported as not listed completely. One Peek Messages per partition read.
/// </summary>
public sealed class PoisonListing(ProcessingStorage storage, ILogger<PoisonListing> logger)
{
    /// <summary>The most messages one Peek Messages returns.</summary>
    public const int PeekMax = 32;

    /// <summary>The default and the largest <c>limit</c> of one listing.</summary>
    public const int DefaultLimit = 50, MaxLimit = 500;

    /// <summary>Up to <paramref name="limit"/> messages of one partition, or of all in partition order.</summary>
    public async Task<(RecordStatus Status, PoisonList List)> ListAsync(int? partition, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var items = new List<PoisonListItem>();
        var complete = true;
        IEnumerable<int> partitions = partition is { } one ? [one] : Enumerable.Range(0, AlertPartitions.Count);
        try
        {
            foreach (var p in partitions)
            {
                var wanted = Math.Min(PeekMax, limit - items.Count);
                if (wanted == 0)
                {
                    complete = false; // Partitions not looked at: the caller asked for fewer.
                    break;
                }

                var peeked = await PeekAsync(storage.Poison.Queue(p), wanted, cancellationToken);
                items.AddRange(peeked.Select(m => Describe(p, m)));
                if (peeked.Length == wanted)
                {
                    complete = false; // The queue may hold more than was seen.
                }
            }
        }
        catch (RequestFailedException ex)
        {
            PoisonLog.StorageUnavailable(logger, ex, "poison listing");
            return (RecordStatus.Unavailable, new PoisonList([], false));
        }

        return (RecordStatus.Ok, new PoisonList(items, complete));
    }

    /// <summary>The listing as the console reads it: <c>{"messages":[...],"complete":bool}</c>.</summary>
    public static string ToJson(PoisonList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("messages");
            foreach (var item in list.Messages)
            {
                writer.WriteStartObject();
                writer.WriteNumber("partition", item.Partition);
                writer.WriteString("messageId", item.MessageId);
                WriteOrNull(writer, "clientId", item.ClientId);
                WriteOrNull(writer, "dedupKey", item.DedupKey);
                WriteOrNull(writer, "ruleType", item.RuleType);
                WriteOrNull(writer, "reason", item.Reason);
                WriteOrNull(writer, "poisonedAt", item.PoisonedAt);
                WriteOrNull(writer, "receivedAt", item.ReceivedAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("complete", list.Complete);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<PeekedMessage[]> PeekAsync(QueueClient poison, int count, CancellationToken cancellationToken)
    {
        try
        {
            return (await poison.PeekMessagesAsync(count, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            return []; // No alert of this partition was ever poisoned.
        }
    }

    private static PoisonListItem Describe(int partition, PeekedMessage peeked)
    {
        // PoisonEntry decodes without throwing: a message that is not base64 or not an envelope comes back with nulls.
        var entry = new PoisonEntry(QueuesModelFactory.QueueMessage(
            peeked.MessageId, popReceipt: null, peeked.Body, peeked.DequeueCount, nextVisibleOn: null, peeked.InsertedOn, peeked.ExpiresOn));
        var envelope = entry.Alert.Envelope;
        return new PoisonListItem(partition, peeked.MessageId, envelope?.ClientId, envelope?.DedupKey, envelope?.RuleType,
            entry.Alert.Reason, peeked.InsertedOn, envelope?.ReceivedAt);
    }

    private static void WriteOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOrNull(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
