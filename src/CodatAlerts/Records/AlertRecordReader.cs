using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Records;

/// <summary>
/// Reads alert records for operators: one alert by (client, dedup key), or a filtered page through the blob index.
/// Reads only: no call here writes, so inspecting an alert can never change what happens to it.
/// </summary>
/// <remarks>
/// Costs (requests to storage): a lookup is one Get Blob Properties, or one Get Blob with <c>body=true</c>. A list
/// page is one Find Blobs by Tags per index page (billed as one list transaction per clause) plus one Get Blob
/// Properties per entry read, because state, attempts and outcome change and so live in metadata, not in the index.
/// </remarks>
public sealed class AlertRecordReader(BlobServiceClient blobs, ILogger<AlertRecordReader> logger)
{
    /// <summary>Most index entries one list call reads when <c>state</c> filters, so a call stays within the HTTP limit.</summary>
    public const int ScanLimit = 5_000;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(AlertContainers.Records);

    /// <summary>The record of one alert (and its archived body when <paramref name="withBody"/>), never changing it.</summary>
    public async Task<AlertRecordLookup> GetAsync(string clientId, string dedupKey, bool withBody, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dedupKey);
        var blob = _container.GetBlobClient(AlertRecordName.For(clientId ?? string.Empty, dedupKey));
        try
        {
            if (withBody)
            {
                // One request for metadata and content together, so both describe the same version.
                var download = (await blob.DownloadContentAsync(cancellationToken)).Value;
                var details = download.Details;
                return new AlertRecordLookup(RecordStatus.Ok, View(details.Metadata, details.ETag, details.CreatedOn, details.LastModified), download.Content);
            }

            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new AlertRecordLookup(RecordStatus.Ok, View(properties.Metadata, properties.ETag, properties.CreatedOn, properties.LastModified), null);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new AlertRecordLookup(RecordStatus.NotFound, null, null);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            RecordsLog.StorageUnavailable(logger, ex, "lookup");
            return new AlertRecordLookup(RecordStatus.Unavailable, null, null);
        }
    }

    /// <summary>One page of records matching <paramref name="request"/>.</summary>
    public async Task<RecordListPage> ListAsync(RecordListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? marker = null;
        var pageSize = request.Max;
        var skipThrough = string.Empty;
        if (request.Continuation is { } token && !RecordListQuery.TryReadToken(token, out marker, out pageSize, out skipThrough))
        {
            throw new ArgumentException("The continuation token is not valid.", nameof(request));
        }

        var expression = RecordListQuery.For(request);
        var records = new List<AlertRecordView>();
        var scanned = 0;
        try
        {
            await foreach (var page in _container.FindBlobsByTagsAsync(expression, cancellationToken).AsPages(marker, pageSize))
            {
                foreach (var item in page.Values)
                {
                    if (skipThrough.Length > 0 && string.CompareOrdinal(item.BlobName, skipThrough) <= 0)
                    {
                        continue; // Answered by the previous call.
                    }

                    scanned++;
                    if (await ReadAsync(item.BlobName, cancellationToken) is { } view && (request.State is null || view.State == request.State))
                    {
                        records.Add(view);
                    }

                    if (records.Count >= request.Max || scanned >= ScanLimit)
                    {
                        // Resume within this same page, after this blob.
                        return new RecordListPage(RecordStatus.Ok, records, scanned, RecordListQuery.Token(marker, pageSize, item.BlobName));
                    }
                }

                if (string.IsNullOrEmpty(page.ContinuationToken))
                {
                    break;
                }

                marker = page.ContinuationToken;
                skipThrough = string.Empty;
            }
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            RecordsLog.StorageUnavailable(logger, ex, "list");
            return new RecordListPage(RecordStatus.Unavailable, [], scanned, null);
        }

        return new RecordListPage(RecordStatus.Ok, records, scanned, null);
    }

    /// <summary>The view of a record's metadata (shared with the re-run, which reads the same way).</summary>
    internal static AlertRecordView View(IDictionary<string, string> metadata, ETag etag, DateTimeOffset createdOn, DateTimeOffset lastModified)
    {
        var record = AlertRecordMetadata.Read(metadata, etag, lastModified);
        return new AlertRecordView(
            Text(metadata, AlertRecordMetadata.ClientId) ?? string.Empty,
            Text(metadata, AlertRecordMetadata.DedupKey) ?? string.Empty,
            record.State,
            record.Outcome,
            record.Reason,
            record.LastError,
            record.Attempts,
            Time(metadata, AlertRecordMetadata.ReceivedAt),
            createdOn == default ? null : createdOn,
            Time(metadata, AlertRecordMetadata.UpdatedAt),
            record.State == AlertRecordState.Processing ? record.LeaseUntil : null,
            metadata.TryGetValue(AlertRecordMetadata.Partition, out var p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var partition) ? partition : null,
            Text(metadata, AlertRecordMetadata.RuleType),
            metadata.TryGetValue(AlertRecordMetadata.Delivery, out var d) ? d : null,
            metadata.TryGetValue(AlertRecordMetadata.ClientIdSource, out var source) ? source : null,
            Text(metadata, AlertRecordMetadata.IngestionId) is { } ingestionId ? [ingestionId] : [],
            metadata.TryGetValue(AlertRecordMetadata.Owner, out var o) ? o : null);
    }

    private async Task<AlertRecordView?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await _container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return View(properties.Metadata, properties.ETag, properties.CreatedOn, properties.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // Expired between the index read and this one.
        }
    }

    private static string? Text(IDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) ? Uri.UnescapeDataString(value) : null;

    private static DateTimeOffset? Time(IDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : null;
}
