using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CodatAlerts.Records;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Operations.Background;

/// <summary>
/// The status blobs, container <see cref="Container"/>, one <c>{id}.json</c> per operation. Created with
/// <c>If-None-Match: *</c> (a retried start finds the first), rewritten with <c>If-Match</c> on the ETag read (two
/// invocations of one operation cannot both write their progress). Storage failures surface to the caller.
/// </summary>
/// <remarks>Costs: a start is 1 Put Blob (+1 Get Blob on a retry, +1 Put Blob once enqueued); a run 1 Get Blob and 1 Put Blob per checkpoint.</remarks>
public sealed class OperationStore(BlobServiceClient blobs, ILogger<OperationStore> logger)
{
    /// <summary>The container (infra creates it; the first write creates it when missing, as locally).</summary>
    public const string Container = "operator-operations";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(Container);

    /// <summary>Creates the status blob: its ETag, or null when one with that id exists already.</summary>
    public async Task<ETag?> TryCreateAsync(OperationStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
        try
        {
            return await UploadAsync(status, options, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode != BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
    }

    /// <summary>The status and its ETag; null when there is no such operation.</summary>
    public async Task<(OperationStatus Status, ETag ETag)?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var download = (await _container.GetBlobClient(BlobName(id)).DownloadContentAsync(cancellationToken)).Value;
            var status = JsonSerializer.Deserialize(download.Content.ToMemory().Span, BackgroundJsonContext.Default.OperationStatus)
                ?? throw new InvalidDataException($"The status blob of operation {id} is empty.");
            return (status, download.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>For the status endpoint: Ok with the status, NotFound, or Unavailable (logged) when storage failed.</summary>
    public async Task<(RecordStatus Found, OperationStatus? Status)> FindAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(id, cancellationToken) is { } read ? (RecordStatus.Ok, read.Status) : (RecordStatus.NotFound, null);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            BackgroundLog.ReadFailed(logger, ex, id);
            return (RecordStatus.Unavailable, null);
        }
    }

    /// <summary>Rewrites the status if it is still the version <paramref name="etag"/>; the new ETag, or null when it changed.</summary>
    public async Task<ETag?> TryReplaceAsync(OperationStatus status, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = etag }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
        try
        {
            return await UploadAsync(status, options, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    private static string BlobName(string id) => id + ".json";

    private async Task<ETag> UploadAsync(OperationStatus status, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(status, BackgroundJsonContext.Default.OperationStatus));
        var blob = _container.GetBlobClient(BlobName(status.OperationId));
        try
        {
            return (await blob.UploadAsync(content, options, cancellationToken)).Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return (await blob.UploadAsync(content, options, cancellationToken)).Value.ETag;
        }
    }
}
