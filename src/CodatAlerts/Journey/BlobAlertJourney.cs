using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using CodatAlerts.Processing;
using CodatAlerts.Storage;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Journey;

/// <summary>
/// The journey store: one append blob per alert in <see cref="Container"/>, named as the alert's record, one JSON line
/// per event, created by the first line written. Never throws: a line that cannot be written is logged and counted
/// (<see cref="JourneyMetrics.WriteFailed"/>), because a journey line must never lose or re-run an alert.
/// </summary>
/// <remarks>
/// What the record already says is not written again (<see cref="ImpliedByRecord"/>): the first claim (the record's
/// creation, with its receipt) and the completion (the record's closing state). So an alert handled at its first try
/// costs no journey write at all; each other event costs one Append Block, plus one Create for an alert's first line
/// (a 404 answer to the first append tells). <see cref="KeepAsync"/> writes even those, for the moment an operator is
/// about to make the record forget them (a re-run reopens a completed record). A duplicate is also counted in its
/// minute's <see cref="DuplicateTally"/> (one more Append Block, made alongside), since the record cannot tell it.
/// </remarks>
public sealed class BlobAlertJourney(BlobServiceClient blobs, JourneyMetrics metrics, ILogger<BlobAlertJourney> logger) : IAlertJourney
{
    /// <summary>The <c>kind</c> a lost tally line is counted under in <see cref="JourneyMetrics.WriteFailed"/>.</summary>
    public const string TallyKind = "duplicate-tally";

    /// <summary>The container of the journeys (retention as <c>alert-records</c>; infra creates it).</summary>
    public const string Container = "alert-journeys";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(Container);
    private readonly DuplicateTally _duplicates = new(blobs);

    /// <summary>Whether the alert's record already tells <paramref name="journeyEvent"/>, so the store need not.</summary>
    public static bool ImpliedByRecord(JourneyEvent journeyEvent)
    {
        ArgumentNullException.ThrowIfNull(journeyEvent);
        return journeyEvent.Kind switch
        {
            JourneyEventKinds.Claimed => journeyEvent.Attempt == 1 && journeyEvent.Actor is null,
            JourneyEventKinds.Completed => journeyEvent.Actor is null,
            _ => false,
        };
    }

    /// <inheritdoc />
    public Task AppendAsync(string clientId, string dedupKey, JourneyEvent journeyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journeyEvent);
        if (ImpliedByRecord(journeyEvent))
        {
            return Task.CompletedTask;
        }

        return journeyEvent.Kind == JourneyEventKinds.Duplicate
            ? Task.WhenAll(KeepAsync(clientId, dedupKey, journeyEvent, cancellationToken), TallyAsync(journeyEvent.At, dedupKey, clientId, cancellationToken))
            : KeepAsync(clientId, dedupKey, journeyEvent, cancellationToken);
    }

    /// <summary>Appends <paramref name="journeyEvent"/> even when the record implies it (it is about to stop doing so).</summary>
    public async Task KeepAsync(string clientId, string dedupKey, JourneyEvent journeyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journeyEvent);
        try
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(journeyEvent, JourneyJsonContext.Default.JourneyEvent);
            Array.Resize(ref line, line.Length + 1);
            line[^1] = (byte)'\n';
            await AppendBlobLines.AppendAsync(_container, _container.GetAppendBlobClient(AlertRecordName.For(clientId ?? string.Empty, dedupKey)), line, cancellationToken);
        }
        catch (Exception ex)
        {
            // Whatever failed (storage, a time-out, a cancelled invocation), the caller's work is already done and true.
            metrics.Failed(journeyEvent.Kind);
            JourneyLog.WriteFailed(logger, ex, journeyEvent.Kind, dedupKey ?? string.Empty, clientId ?? string.Empty);
        }
    }

    private async Task TallyAsync(DateTimeOffset at, string dedupKey, string clientId, CancellationToken cancellationToken)
    {
        try
        {
            await _duplicates.RecordAsync(at, cancellationToken);
        }
        catch (Exception ex)
        {
            // As a journey line: the duplicate is absorbed whatever its count does.
            metrics.Failed(TallyKind);
            JourneyLog.WriteFailed(logger, ex, TallyKind, dedupKey ?? string.Empty, clientId ?? string.Empty);
        }
    }
}
