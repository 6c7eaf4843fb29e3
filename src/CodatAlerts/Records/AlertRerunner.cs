using System.Diagnostics;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using CodatAlerts.Journey;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Records;

/// <summary>
/// Runs one alert again from its archived body: reopens its record (completed, failed or released → released, one
/// write with <c>If-Match</c> on the version read) so that the claim of the new copy succeeds, then enqueues a copy
/// built from the archive, through the intake's own enqueuer (claim-check when large, never expiring). Refused while a
/// live claim holds the alert. A dry run (the default) only reads.
/// </summary>
/// <remarks>
/// Reopen first, enqueue second: if the enqueue fails, the record is left released with no copy on its way, which is
/// harmless (released means "free to claim") and the call can simply be repeated; the other order could leave a copy
/// that meets a completed record and is dropped as a duplicate, so the re-run would silently not run.
/// </remarks>
public sealed class AlertRerunner(
    BlobServiceClient blobs,
    IAlertEnqueuer enqueuer,
    BlobAlertJourney journey,
    RecordMetrics metrics,
    TimeProvider time,
    ILogger<AlertRerunner> logger)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(AlertContainers.Records);

    /// <summary>Re-runs (or, in a dry run, checks) one alert; <paramref name="actor"/> and <paramref name="operationId"/> go into its journey.</summary>
    public async Task<RerunResult> RerunAsync(string clientId, string dedupKey, bool dryRun, CancellationToken cancellationToken, string? actor = null, string? operationId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dedupKey);
        var blob = _container.GetBlobClient(AlertRecordName.For(clientId ?? string.Empty, dedupKey));
        try
        {
            Response<BlobDownloadResult> download;
            try
            {
                download = await blob.DownloadContentAsync(cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return new RerunResult(RecordStatus.NotFound, dryRun, null, null, null, null, null);
            }

            var archive = download.Value;

            var metadata = archive.Details.Metadata;
            var record = AlertRecordMetadata.Read(metadata, archive.Details.ETag, archive.Details.LastModified);
            var view = AlertRecordReader.View(metadata, archive.Details.ETag, archive.Details.CreatedOn, archive.Details.LastModified);

            // The lease is judged on the storage service's clock, as the processor judges it.
            if (record.IsLiveAt(download.GetRawResponse().Headers.Date ?? time.GetUtcNow()))
            {
                return Refused(view, record.State, dryRun, $"A worker holds the alert until {AlertRecordMetadata.Format(record.LeaseUntil!.Value)}; re-run it after that.");
            }

            if (!TryBuildCopy(view, archive.Content, out var envelope, out var why))
            {
                return Refused(view, record.State, dryRun, why);
            }

            var queue = AlertPartitions.QueueName(envelope.Partition);
            if (dryRun)
            {
                return new RerunResult(RecordStatus.Ok, true, record.State, queue, null, null, null);
            }

            var reopenedAt = time.GetUtcNow();
            if (record.State != AlertRecordState.Released && !await ReopenAsync(blob, metadata, archive.Details.ETag, cancellationToken))
            {
                return Refused(view, record.State, dryRun, "The record changed while it was being reopened (a worker claimed it); look it up again.");
            }

            var receipt = await enqueuer.EnqueueAsync(envelope, cancellationToken);
            await JourneyAsync(view, reopenedAt, envelope, receipt, actor, operationId, cancellationToken);
            metrics.Reran(envelope);
            var previous = AlertRecordMetadata.Format(record.State);
            RecordsLog.Rerun(logger, envelope.DedupKey, envelope.ClientId, envelope.RuleType, previous, envelope.IngestionId, receipt.QueueName);
            return new RerunResult(RecordStatus.Ok, false, record.State, receipt.QueueName, envelope.IngestionId, receipt.MessageId, null);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            RecordsLog.StorageUnavailable(logger, ex, "re-run");
            return new RerunResult(RecordStatus.Unavailable, dryRun, null, null, null, null, null);
        }
    }

    // After the writes that made them true. A completion the reopened record no longer tells is kept first.
    private async Task JourneyAsync(AlertRecordView view, DateTimeOffset at, AlertEnvelope envelope, EnqueueReceipt receipt, string? actor, string? operationId, CancellationToken cancellationToken)
    {
        if (view.State == AlertRecordState.Completed)
        {
            var completed = new JourneyEvent { Kind = JourneyEventKinds.Completed, At = view.UpdatedAt ?? at, Attempt = view.Attempts, Outcome = view.Outcome };
            await journey.KeepAsync(view.ClientId, view.DedupKey, completed, CancellationToken.None);
        }

        var rerun = new JourneyEvent
        {
            Kind = JourneyEventKinds.Rerun,
            At = at,
            Actor = actor,
            OperationId = operationId,
            IngestionId = envelope.IngestionId,
            MessageId = receipt.MessageId,
            Outcome = AlertRecordMetadata.Format(view.State), // The state it was reopened from.
        };
        await journey.AppendAsync(view.ClientId, view.DedupKey, rerun, CancellationToken.None);
    }

    private RerunResult Refused(AlertRecordView view, AlertRecordState state, bool dryRun, string why)
    {
        RecordsLog.RerunRefused(logger, view.DedupKey, view.ClientId, why);
        return new RerunResult(RecordStatus.Conflict, dryRun, state, null, null, null, why);
    }

    private async Task<bool> ReopenAsync(BlobClient blob, IDictionary<string, string> metadata, ETag etag, CancellationToken cancellationToken)
    {
        // The closing state's outcome or reason would contradict "released"; the copy's own claim writes them afresh.
        var reopened = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(AlertRecordState.Released),
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
        };
        reopened.Remove(AlertRecordMetadata.LeaseFor);
        reopened.Remove(AlertRecordMetadata.Outcome);
        reopened.Remove(AlertRecordMetadata.Reason);
        reopened.Remove(AlertRecordMetadata.FirstFailedAt); // The re-run gets a fresh retry horizon, as a replay does.
        try
        {
            await blob.SetMetadataAsync(reopened, new BlobRequestConditions { IfMatch = etag }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// The envelope the intake would have written for the archived body: the record's client, dedup key, partition and
    /// receipt time (so the copy is the same alert, and the replay's time filters see its real receipt), the body's
    /// own classification for shape and rule type, and a fresh ingestion id.
    /// </summary>
    private bool TryBuildCopy(AlertRecordView view, BinaryData body, out AlertEnvelope envelope, out string why)
    {
        envelope = null!;
        if (view.Partition is not { } partition || partition < 0 || partition >= AlertPartitions.Count || view.DedupKey.Length == 0)
        {
            why = "The record does not say which partition or dedup key the alert has.";
            return false;
        }

        if (!AlertClassifier.TryClassify(body.ToMemory().Span, null, out var classification, out var error))
        {
            why = $"The archived body is not an alert any more: {error.Title}.";
            return false;
        }

        var now = time.GetUtcNow();
        envelope = new AlertEnvelope
        {
            Version = AlertEnvelope.CurrentVersion,
            IngestionId = Guid.CreateVersion7(now).ToString("N"),
            ClientId = view.ClientId,
            DedupKey = view.DedupKey,

            // A signed delivery's key is its webhook-id header, which the body does not hold.
            DedupKeySource = classification.DedupKey == view.DedupKey ? classification.DedupKeySource : DedupKeySource.WebhookId,
            RuleType = classification.RuleTypeName,
            RuleTypeQualifier = classification.Match?.Qualifier,
            RuleTypeKnown = classification.Match is not null,
            Shape = classification.Shape,
            Delivery = Enum.TryParse<DeliveryMode>(view.Delivery, ignoreCase: true, out var delivery) ? delivery
                : classification.DedupKey == view.DedupKey ? DeliveryMode.Legacy : DeliveryMode.Signed,
            ReceivedAt = view.ReceivedAt ?? now,
            Partition = partition,
            TraceParent = Activity.Current?.Id,
            TraceState = Activity.Current?.TraceStateString,
            ClientIdSource = Enum.TryParse<ClientIdSource>(view.ClientIdSource, ignoreCase: true, out var source) ? source : null,
            Body = body.ToArray(),
        };
        why = string.Empty;
        return true;
    }
}
