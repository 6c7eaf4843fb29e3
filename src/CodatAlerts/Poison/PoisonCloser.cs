using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using CodatAlerts.Journey;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Replay;
using CodatAlerts.Storage;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Poison;

/// <summary>
/// Closes poison messages: "this alert needs no further processing". For each matching message with a readable
/// envelope, the alert's record is marked <c>completed</c> with outcome <c>closed</c> (unless already completed)
/// BEFORE the message is deleted, so a failure in between leaves a message whose alert is done (a later replay's copy
/// is absorbed as a duplicate, a retried close deletes it) and never a deleted message whose record still says
/// <c>failed</c>. A record held by a live claim, missing, or changed under the write is skipped. Messages that are not
/// envelopes are never closed. Synchronous and bounded: at most <see cref="CloseMax"/> closed and
/// <see cref="ScanMax"/> read per call.
/// </summary>
public sealed class PoisonCloser(ProcessingStorage storage, IAlertJourney journey, TimeProvider time, ILogger<PoisonCloser> logger)
{
    /// <summary>The most messages one call closes, and how many a dry run lists.</summary>
    public const int CloseMax = 500, ListMax = 100;

    /// <summary>The most poison messages one call reads.</summary>
    public const int ScanMax = 2000;

    /// <summary>The outcome a closed alert's record keeps.</summary>
    public const string ClosedOutcome = "closed";

    // Long enough for one batch of closes; the messages not closed are made visible again at once.
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    private readonly BlobContainerClient _records = storage.Blobs.GetBlobContainerClient(AlertContainers.Records);

    /// <summary>Counts (dry run) or closes the poison messages matching <paramref name="request"/>.</summary>
    public async Task<PoisonCloseResult> CloseAsync(PoisonCloseRequest request, string? actor, string? operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var alerts = new List<ClosedAlert>();
        var held = new List<(QueueClient Queue, PoisonEntry Entry)>();
        var count = 0;
        var scanned = 0;
        var complete = true;
        IEnumerable<int> partitions = request.Partition is { } one ? [one] : Enumerable.Range(0, AlertPartitions.Count);
        try
        {
            foreach (var partition in partitions)
            {
                var queue = storage.Poison.Queue(partition);
                while (complete)
                {
                    var batch = await PoisonQueueReader.ReceiveAsync(queue, 32, Hold, cancellationToken);
                    if (batch.Length == 0)
                    {
                        break;
                    }

                    scanned += batch.Length;
                    foreach (var entry in batch)
                    {
                        if (!request.Matches(partition, entry.Alert.Envelope))
                        {
                            held.Add((queue, entry));
                            continue;
                        }

                        count++;
                        if (!request.DryRun && alerts.Count >= CloseMax)
                        {
                            complete = false; // Left for the next call.
                            held.Add((queue, entry));
                            continue;
                        }

                        if (request.DryRun)
                        {
                            held.Add((queue, entry));
                            if (alerts.Count < ListMax)
                            {
                                alerts.Add(Describe(partition, entry.Alert.Envelope!, state: null, skipped: null));
                            }

                            continue;
                        }

                        var closed = await CloseOneAsync(queue, partition, entry, actor, operationId, cancellationToken);
                        alerts.Add(closed);
                        if (closed.Skipped is not null)
                        {
                            held.Add((queue, entry));
                        }
                    }

                    complete &= scanned < ScanMax;
                }
            }
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            PoisonLog.StorageUnavailable(logger, ex, "poison close");
            await RevealAsync(held);
            return new PoisonCloseResult(RecordStatus.Unavailable, request.DryRun, count, alerts, false);
        }

        await RevealAsync(held);
        return new PoisonCloseResult(RecordStatus.Ok, request.DryRun, count, alerts, complete);
    }

    /// <summary>The answer: <c>{"dryRun","count","complete","alerts":[{partition,clientId,dedupKey,ruleType,receivedAt,state,skipped}]}</c>.</summary>
    public static string ToJson(PoisonCloseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("dryRun", result.DryRun);
            writer.WriteNumber("count", result.Count);
            writer.WriteNumber("closed", result.Alerts.Count(a => !result.DryRun && a.Skipped is null));
            writer.WriteBoolean("complete", result.Complete);
            writer.WriteStartArray("alerts");
            foreach (var alert in result.Alerts)
            {
                writer.WriteStartObject();
                writer.WriteNumber("partition", alert.Partition);
                writer.WriteString("clientId", alert.ClientId);
                writer.WriteString("dedupKey", alert.DedupKey);
                writer.WriteString("ruleType", alert.RuleType);
                writer.WriteString("receivedAt", alert.ReceivedAt);
                if (alert.State is { } state)
                {
                    writer.WriteString("state", state);
                }

                if (alert.Skipped is { } skipped)
                {
                    writer.WriteString("skipped", skipped);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<ClosedAlert> CloseOneAsync(QueueClient queue, int partition, PoisonEntry entry, string? actor, string? operationId, CancellationToken cancellationToken)
    {
        var envelope = entry.Alert.Envelope!;
        var blob = _records.GetBlobClient(AlertRecordName.For(envelope.ClientId, envelope.DedupKey));
        Response<BlobProperties> properties;
        try
        {
            properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Describe(partition, envelope, null, "no record: nothing would absorb a later copy");
        }

        var details = properties.Value;
        var record = AlertRecordMetadata.Read(details.Metadata, details.ETag, details.LastModified);
        var state = AlertRecordMetadata.Format(record.State);
        if (record.IsLiveAt(properties.GetRawResponse().Headers.Date ?? time.GetUtcNow()))
        {
            return Describe(partition, envelope, state, "a worker holds the alert");
        }

        // First the record says the alert is done, then the message goes: never the other way round.
        if (record.State != AlertRecordState.Completed && !await MarkClosedAsync(blob, details, cancellationToken))
        {
            return Describe(partition, envelope, state, "the record changed during the close");
        }

        await queue.DeleteMessageAsync(entry.Stored.MessageId, entry.Stored.PopReceipt, cancellationToken);
        await journey.AppendAsync(envelope.ClientId, envelope.DedupKey, new JourneyEvent
        {
            Kind = JourneyEventKinds.PoisonClosed,
            At = time.GetUtcNow(),
            Actor = actor,
            OperationId = operationId,
            MessageId = entry.Stored.MessageId,
            Outcome = state, // The state it was closed from.
        }, CancellationToken.None);
        return Describe(partition, envelope, state, null);
    }

    private async Task<bool> MarkClosedAsync(BlobClient blob, BlobProperties details, CancellationToken cancellationToken)
    {
        var closed = new Dictionary<string, string>(details.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(AlertRecordState.Completed),
            [AlertRecordMetadata.Outcome] = ClosedOutcome,
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
        };
        closed.Remove(AlertRecordMetadata.LeaseFor);
        try
        {
            await blob.SetMetadataAsync(closed, new BlobRequestConditions { IfMatch = details.ETag }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static ClosedAlert Describe(int partition, AlertEnvelope envelope, string? state, string? skipped) =>
        new(partition, envelope.ClientId, envelope.DedupKey, envelope.RuleType, envelope.ReceivedAt, state, skipped);

    private async Task RevealAsync(List<(QueueClient Queue, PoisonEntry Entry)> held)
    {
        // Best effort: a message not revealed becomes visible by itself when the hold ends.
        foreach (var (queue, entry) in held)
        {
            try
            {
                await queue.UpdateMessageAsync(entry.Stored.MessageId, entry.Stored.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            }
            catch (RequestFailedException ex)
            {
                PoisonLog.StorageUnavailable(logger, ex, "poison close reveal");
            }
        }
    }
}
