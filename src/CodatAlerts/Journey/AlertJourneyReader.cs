using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CodatAlerts.Intake;
using CodatAlerts.Processing;
using CodatAlerts.Records;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Journey;

/// <summary>
/// The journey of one alert as an operator reads it: the stored lines merged with what the record says and the store
/// therefore leaves out (<see cref="BlobAlertJourney.ImpliedByRecord"/>), oldest first.
/// </summary>
/// <remarks>Cost: two requests, in parallel: the record's Get Blob Properties and the journey's Get Blob.</remarks>
public sealed class AlertJourneyReader(BlobServiceClient blobs, AlertRecordReader records, ILogger<AlertJourneyReader> logger)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(BlobAlertJourney.Container);

    /// <summary>The journey, or not found when neither a record nor a journey exists, or unavailable.</summary>
    public async Task<(RecordStatus Status, IReadOnlyList<JourneyEvent> Events)> ReadAsync(string clientId, string dedupKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dedupKey);
        var name = AlertRecordName.For(clientId ?? string.Empty, dedupKey);
        var record = records.GetAsync(clientId ?? string.Empty, dedupKey, withBody: false, cancellationToken);
        var stored = ReadStoredAsync(name, cancellationToken);
        IReadOnlyList<JourneyEvent>? lines;
        try
        {
            lines = await stored;
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            await record; // Observed, so its own failure is not left unobserved.
            RecordsLog.StorageUnavailable(logger, ex, "journey");
            return (RecordStatus.Unavailable, []);
        }

        var lookup = await record;
        if (lookup.Status == RecordStatus.Unavailable || (lookup.Status == RecordStatus.NotFound && lines is null))
        {
            return (lookup.Status, []);
        }

        return (RecordStatus.Ok, Merge(lookup.Record, lines ?? []));
    }

    /// <summary>The endpoint's body: <c>{"events":[...]}</c>.</summary>
    public static string ToJson(IReadOnlyList<JourneyEvent> events) =>
        JsonSerializer.Serialize(new JourneyDocument(events), JourneyJsonContext.Default.JourneyDocument);

    /// <summary>The stored lines with the events only the record tells, oldest first (stable: the record's first).</summary>
    public static IReadOnlyList<JourneyEvent> Merge(AlertRecordView? record, IReadOnlyList<JourneyEvent> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var derived = record is null ? [] : Derived(record, stored);

        // On equal times the first claim comes first and the record's closing state last (OrderBy is stable).
        var claim = derived.Where(e => e.Kind == JourneyEventKinds.Claimed);
        var closing = derived.Where(e => e.Kind != JourneyEventKinds.Claimed);
        return [.. claim.Concat(stored).Concat(closing).OrderBy(e => e.At)];
    }

    /// <summary>What the record says that the journey store does not write.</summary>
    public static IReadOnlyList<JourneyEvent> Derived(AlertRecordView record, IReadOnlyList<JourneyEvent> stored)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stored);
        var events = new List<JourneyEvent>();
        if (record.FirstClaimedAt is { } created && !stored.Any(e => e.Kind == JourneyEventKinds.Claimed && e.Attempt == 1))
        {
            // The record's facts of receipt describe the copy of the last claim: the first's only while there was one.
            var first = record.Attempts <= 1;
            // The first claim precedes everything else the journey tells (a duplicate or a retry needs the record it
            // created), so its time is never later than theirs: the record's creation time is on the service's clock,
            // the events' on the workers', and a skew between them must not reorder the story.
            var at = stored.Select(e => e.At).Append(created).Append(record.UpdatedAt ?? created).Min();
            events.Add(new JourneyEvent
            {
                Kind = JourneyEventKinds.Claimed,
                At = at,
                Attempt = 1,
                IngestionId = first && record.IngestionIds.Count > 0 ? record.IngestionIds[0] : null,
                ReceivedAt = first ? record.ReceivedAt : null,
                Delivery = first && Enum.TryParse<DeliveryMode>(record.Delivery, ignoreCase: true, out var delivery) ? delivery : null,
                MessageId = first ? record.ClaimedBy : null,
            });
        }

        // The record's closing state is its latest; the store holds a line for it only if one follows the last reopening.
        var reopened = stored.Where(e => e.Kind is JourneyEventKinds.Rerun or JourneyEventKinds.Replayed).Select(e => e.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var closedAt = record.UpdatedAt ?? record.FirstClaimedAt ?? reopened;
        if (record.State == AlertRecordState.Completed && !stored.Any(e => e.Kind == JourneyEventKinds.Completed && e.At > reopened))
        {
            events.Add(new JourneyEvent { Kind = JourneyEventKinds.Completed, At = closedAt, Attempt = record.Attempts, Outcome = record.Outcome });
        }
        else if (record.State == AlertRecordState.Failed && !stored.Any(e => e.Kind == JourneyEventKinds.Poisoned && e.At > reopened))
        {
            // The processor writes this one; a line lost to a storage failure is told again from the record.
            events.Add(new JourneyEvent { Kind = JourneyEventKinds.Poisoned, At = closedAt, Attempt = record.Attempts, Error = record.Reason });
        }

        return events;
    }

    private async Task<IReadOnlyList<JourneyEvent>?> ReadStoredAsync(string name, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound || ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return null; // No line yet: everything so far is in the record.
        }

        var events = new List<JourneyEvent>();
        var number = 0;
        foreach (var line in Encoding.UTF8.GetString(content.ToMemory().Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            number++;
            try
            {
                if (JsonSerializer.Deserialize(line, JourneyJsonContext.Default.JourneyEvent) is { } journeyEvent)
                {
                    events.Add(journeyEvent);
                }
            }
            catch (JsonException)
            {
                JourneyLog.UnreadableLine(logger, number, name);
            }
        }

        return events;
    }
}
