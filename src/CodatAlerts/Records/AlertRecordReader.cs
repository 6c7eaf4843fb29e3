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
/// page in name order is one Find Blobs by Tags (billed as one list transaction per clause) plus one Get Blob
/// Properties per entry read (at most <c>limit</c>, whatever <c>state</c> filters), because state, attempts and outcome
/// change and so live in metadata, not in the index. Newest first adds index calls: see <see cref="NewestWindow"/>.
/// </remarks>
public sealed class AlertRecordReader(BlobServiceClient blobs, TimeProvider time, ILogger<AlertRecordReader> logger)
{
    /// <summary>Records read at once by one list call.</summary>
    private const int ReadConcurrency = 16;

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
        try
        {
            return request.Order == RecordOrder.Newest
                ? await ListNewestAsync(request, cancellationToken)
                : await ListByNameAsync(request, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // The claim creates the container on first use: before the first alert there is simply nothing to list.
            return new RecordListPage(RecordStatus.Ok, [], 0, null);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            RecordsLog.StorageUnavailable(logger, ex, "list");
            return new RecordListPage(RecordStatus.Unavailable, [], 0, null);
        }
    }

    // The index's own order. At most request.Max entries are read per call (one Get Blob Properties each, in parallel),
    // matching or not, so a state filter over many non-matching records answers a short page and a continuation
    // instead of reading thousands of records into the HTTP limit.
    private async Task<RecordListPage> ListByNameAsync(RecordListRequest request, CancellationToken cancellationToken)
    {
        string? marker = null;
        var pageSize = request.Max;
        var skipThrough = string.Empty;
        if (request.Continuation is { } token && !RecordListQuery.TryReadToken(token, out marker, out pageSize, out skipThrough))
        {
            throw new ArgumentException("The continuation token is not valid.", nameof(request));
        }

        var expression = RecordListQuery.For(request);
        var indexCalls = 1;
        await foreach (var page in _container.FindBlobsByTagsAsync(expression, cancellationToken).AsPages(marker, pageSize))
        {
            var names = page.Values
                .Select(item => item.BlobName)
                .Where(name => skipThrough.Length == 0 || string.CompareOrdinal(name, skipThrough) > 0) // Answered by the previous call.
                .Take(request.Max)
                .ToList();
            if (names.Count > 0)
            {
                var views = await ReadManyAsync(names, cancellationToken);
                var records = views.Where(view => view is not null && Matches(view, request)).Select(view => view!).ToList();
                var continuation = names[^1] != page.Values[^1].BlobName ? RecordListQuery.Token(marker, pageSize, names[^1]) // Resume within this same page, after this blob.
                    : string.IsNullOrEmpty(page.ContinuationToken) ? null
                    : RecordListQuery.Token(page.ContinuationToken, pageSize, string.Empty);
                return new RecordListPage(RecordStatus.Ok, records, names.Count, continuation) { IndexCalls = indexCalls };
            }

            if (string.IsNullOrEmpty(page.ContinuationToken))
            {
                break;
            }

            // Everything in this page was answered before (the previous call stopped at its end): go on to the next.
            marker = page.ContinuationToken;
            skipThrough = string.Empty;
            indexCalls++;
        }

        return new RecordListPage(RecordStatus.Ok, [], 0, null) { IndexCalls = indexCalls };
    }

    private async Task<RecordListPage> ListNewestAsync(RecordListRequest request, CancellationToken cancellationToken)
    {
        var cursor = request.Continuation is { } token
            ? NewestCursor.TryRead(token, out var read) ? read : throw new ArgumentException("The continuation token is not valid.", nameof(request))
            : null;
        var window = await NewestWindow.ReadAsync(_container, request, cursor, time.GetUtcNow(), cancellationToken);
        var views = await ReadManyAsync([.. window.Entries.Select(e => e.Name)], cancellationToken);
        var records = views.Where(view => view is not null && Matches(view, request)).Select(view => view!).ToList();
        return new RecordListPage(RecordStatus.Ok, records, window.Entries.Count, window.Next?.Token()) { IndexCalls = window.IndexCalls };
    }

    private static bool Matches(AlertRecordView view, RecordListRequest request) => request.State is null || view.State == request.State;

    /// <summary>Reads the records named, in parallel (at most <see cref="ReadConcurrency"/> at once), keeping their order; null for one expired since the index read.</summary>
    private async Task<AlertRecordView?[]> ReadManyAsync(List<string> names, CancellationToken cancellationToken)
    {
        var views = new AlertRecordView?[names.Count];
        await Parallel.ForAsync(
            0,
            names.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, token) => views[i] = await ReadAsync(names[i], token));
        return views;
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
            metadata.TryGetValue(AlertRecordMetadata.Owner, out var o) ? o : null)
        {
            TraceId = metadata.TryGetValue(AlertRecordMetadata.TraceId, out var trace) ? trace : null,
        };
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
