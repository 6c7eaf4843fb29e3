using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CodatAlerts.Queueing;
using CodatAlerts.Storage;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Processing;

/// <summary>
/// The idempotency store: one blob per alert in <see cref="AlertContainers.Records"/>, at once the claim, the raw
/// archive and the replay source. Every state change is one conditional write: the claim is an upload with
/// <c>If-None-Match: *</c> (insert-if-absent, never check-then-insert), and every later change carries
/// <c>If-Match</c> with the version its writer read, so of two racing workers exactly one wins.
/// </summary>
public sealed class AlertRecordStore(ProcessingStorage storage, IOptions<ProcessingOptions> options, TimeProvider time)
{
    /// <summary>Outcome metadata of an alert whose handlers ran.</summary>
    public const string HandledOutcome = "handled";

    /// <summary>Outcome metadata of an alert no handler knows (archived, never retried).</summary>
    public const string ParkedOutcome = "parked";

    // Each round is lost only to a concurrent writer of the same record; three lost races in a row means another
    // worker is actively taking the alert, which is what Busy reports.
    private const int MaxClaimRounds = 3;

    private readonly BlobContainerClient _container = storage.Blobs.GetBlobContainerClient(AlertContainers.Records);
    private readonly TimeSpan _lease = options.Value.LeaseDuration;

    /// <summary>
    /// Claims the alert for the queue message <paramref name="owner"/>, received for the <paramref name="dequeueCount"/>th
    /// time. A new record is created with the raw body; an existing one is taken over when it was released, when its
    /// lease ran out on the storage service's clock (the holder crashed), or when it is held by an earlier dequeue of
    /// this same message (that attempt's visibility ran out, so the host gave the message up and the attempt is over).
    /// The same dequeue never retakes its own live claim: a second receive of one dequeue cannot exist, so seeing it
    /// means the claim is someone else's view of this message.
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, string owner, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var name = AlertRecordName.For(envelope.ClientId, envelope.DedupKey);
        var blob = _container.GetBlockBlobClient(name);
        AlertRecord? existing = null;
        var serviceNow = DateTimeOffset.MinValue;
        for (var round = 0; round < MaxClaimRounds; round++)
        {
            var started = time.GetTimestamp();
            if (existing is null)
            {
                var metadata = ClaimMetadata(envelope, owner, dequeueCount, 1, null);
                if (await TryCreateAsync(blob, body, metadata, cancellationToken) is { } created)
                {
                    return new ClaimResult(ClaimStatus.Claimed, new AlertClaim(name, created.ETag, metadata, 1, created.LastModified, _lease, started), null);
                }

                (existing, serviceNow) = await ReadAsync(blob, cancellationToken);
                if (existing is null)
                {
                    continue; // Expired by retention between the two calls: create it again.
                }
            }

            switch (existing.State)
            {
                case AlertRecordState.Completed or AlertRecordState.Failed:
                    return new ClaimResult(ClaimStatus.Duplicate, null, existing);
                case AlertRecordState.Processing when existing.IsLiveAt(serviceNow) && !(existing.Owner == owner && dequeueCount > existing.OwnerDequeueCount):
                    return new ClaimResult(ClaimStatus.Busy, null, existing);
            }

            var attempt = existing.Attempts + 1;
            var taking = ClaimMetadata(envelope, owner, dequeueCount, attempt, existing);
            started = time.GetTimestamp();
            if (await TrySetAsync(blob, taking, existing.ETag, cancellationToken) is { } taken)
            {
                var claim = new AlertClaim(name, taken.ETag, taking, attempt, taken.LastModified, _lease, started) { FirstFailedAt = existing.FirstFailedAt };
                return new ClaimResult(ClaimStatus.Claimed, claim, existing);
            }

            (existing, serviceNow) = await ReadAsync(blob, cancellationToken); // Another worker wrote first: look again.
        }

        return new ClaimResult(ClaimStatus.Busy, null, existing);
    }

    /// <summary>Marks the alert completed; false when the claim was lost (another worker took the alert).</summary>
    public Task<bool> CompleteAsync(AlertClaim claim, string outcome, CancellationToken cancellationToken) =>
        CloseAsync(claim, AlertRecordState.Completed, new Dictionary<string, string> { [AlertRecordMetadata.Outcome] = outcome }, cancellationToken);

    /// <summary>
    /// Gives the claim back after a transient failure and records it: the error, and when the first failure happened
    /// (the retry horizon counts from it). False when the claim was already lost.
    /// </summary>
    public Task<bool> ReleaseAsync(AlertClaim claim, string error, DateTimeOffset firstFailedAt, CancellationToken cancellationToken) =>
        CloseAsync(claim, AlertRecordState.Released, new Dictionary<string, string>
        {
            [AlertRecordMetadata.LastError] = AlertRecordMetadata.Text(error),
            [AlertRecordMetadata.FirstFailedAt] = AlertRecordMetadata.Format(firstFailedAt),
        }, cancellationToken);

    /// <summary>Marks the alert failed with the reason it was poisoned; false when the claim was lost.</summary>
    public Task<bool> FailAsync(AlertClaim claim, string reason, CancellationToken cancellationToken) =>
        CloseAsync(claim, AlertRecordState.Failed, new Dictionary<string, string> { [AlertRecordMetadata.Reason] = AlertRecordMetadata.Text(reason) }, cancellationToken);

    /// <summary>The record of an alert, or null when there is none (never seen, or expired).</summary>
    public async Task<AlertRecord?> GetAsync(string clientId, string dedupKey, CancellationToken cancellationToken) =>
        (await ReadAsync(_container.GetBlobClient(AlertRecordName.For(clientId, dedupKey)), cancellationToken)).Record;

    /// <summary>
    /// Reopens a failed alert for a replay (failed → released), so its replayed copy runs again; any other state is
    /// left alone: a completed alert stays a duplicate, a held one stays with its holder. True when it reopened.
    /// </summary>
    public async Task<bool> ReopenFailedAsync(string clientId, string dedupKey, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(AlertRecordName.For(clientId, dedupKey));
        var properties = await ReadPropertiesAsync(blob, cancellationToken);
        if (properties.Value is null || AlertRecordMetadata.Read(properties.Value.Metadata, properties.Value.ETag, properties.Value.LastModified).State != AlertRecordState.Failed)
        {
            return false;
        }

        // A replayed alert gets a fresh retry horizon: the operator fixed the cause.
        var metadata = new Dictionary<string, string>(properties.Value.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(AlertRecordState.Released),
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
        };
        metadata.Remove(AlertRecordMetadata.FirstFailedAt);
        return await TrySetAsync(blob, metadata, properties.Value.ETag, cancellationToken) is not null;
    }

    private async Task<bool> CloseAsync(AlertClaim claim, AlertRecordState state, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var metadata = new Dictionary<string, string>(claim.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(state),
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
        };
        metadata.Remove(AlertRecordMetadata.LeaseFor);
        foreach (var (key, value) in values)
        {
            metadata[key] = value;
        }

        return await TrySetAsync(_container.GetBlobClient(claim.BlobName), metadata, claim.ETag, cancellationToken) is not null;
    }

    private Dictionary<string, string> ClaimMetadata(AlertEnvelope envelope, string owner, long dequeueCount, int attempt, AlertRecord? existing)
    {
        var metadata = new Dictionary<string, string>
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(AlertRecordState.Processing),
            [AlertRecordMetadata.LeaseFor] = AlertRecordMetadata.Format(_lease),
            [AlertRecordMetadata.Attempts] = AlertRecordMetadata.Format(attempt),
            [AlertRecordMetadata.Owner] = AlertRecordMetadata.Text(owner),
            [AlertRecordMetadata.OwnerDequeue] = AlertRecordMetadata.Format(dequeueCount),
            [AlertRecordMetadata.ClientId] = AlertRecordMetadata.Text(envelope.ClientId),
            [AlertRecordMetadata.ClientIdSource] = Intake.Authentication.ClientIdSourceNames.Name(envelope.ClientIdSource),
            [AlertRecordMetadata.DedupKey] = AlertRecordMetadata.Text(envelope.DedupKey),
            [AlertRecordMetadata.RuleType] = AlertRecordMetadata.Text(envelope.RuleType),
            [AlertRecordMetadata.Partition] = AlertRecordMetadata.Format(envelope.Partition),
            [AlertRecordMetadata.ReceivedAt] = AlertRecordMetadata.Format(envelope.ReceivedAt),
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
            [AlertRecordMetadata.Delivery] = envelope.Delivery.ToString(),
            [AlertRecordMetadata.IngestionId] = AlertRecordMetadata.Text(envelope.IngestionId),
        };

        // The retry history travels with the alert across claims (a metadata write replaces every key).
        if (existing?.FirstFailedAt is { } firstFailedAt)
        {
            metadata[AlertRecordMetadata.FirstFailedAt] = AlertRecordMetadata.Format(firstFailedAt);
        }

        if (existing?.LastError is { } lastError)
        {
            metadata[AlertRecordMetadata.LastError] = AlertRecordMetadata.Text(lastError);
        }

        return metadata;
    }

    // One Put Blob: BlockBlobClient's upload is the single request itself, where BlobClient's would first plan a
    // partitioned upload around it.
    private async Task<Written?> TryCreateAsync(BlockBlobClient blob, ReadOnlyMemory<byte> body, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var upload = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = metadata,
            Tags = Records.AlertRecordTags.From(metadata, body.Span), // Indexed for listing; set by this same request, never changed.
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        for (var createdContainer = false; ; createdContainer = true)
        {
            try
            {
                var info = (await blob.UploadAsync(new BinaryData(body).ToStream(), upload, cancellationToken)).Value;
                return new Written(info.ETag, info.LastModified);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode != BlobErrorCode.ContainerNotFound)
            {
                return null; // The record exists: the caller reads it.
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound && !createdContainer)
            {
                // Infra creates the container; creating it on first use keeps a fresh local storage working too.
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
        }
    }

    private static async Task<Written?> TrySetAsync(BlobBaseClient blob, IDictionary<string, string> metadata, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var conditions = new BlobRequestConditions { IfMatch = ifMatch };
            var info = (await blob.SetMetadataAsync(metadata, conditions, cancellationToken)).Value;
            return new Written(info.ETag, info.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null; // Changed (or expired) since it was read: the writer's view is stale.
        }
    }

    // The record and the storage service's time of the read (its Date header), to judge the lease on that one clock.
    private async Task<(AlertRecord? Record, DateTimeOffset ServiceNow)> ReadAsync(BlobBaseClient blob, CancellationToken cancellationToken)
    {
        var (properties, serviceNow) = await ReadPropertiesAsync(blob, cancellationToken);
        return (properties is null ? null : AlertRecordMetadata.Read(properties.Metadata, properties.ETag, properties.LastModified), serviceNow);
    }

    private async Task<(BlobProperties? Value, DateTimeOffset ServiceNow)> ReadPropertiesAsync(BlobBaseClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return (response.Value, ServiceTime(response.GetRawResponse()));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, DateTimeOffset.MinValue);
        }
    }

    // Every storage response carries the service's Date; the local clock stands in only if a proxy dropped it.
    private DateTimeOffset ServiceTime(Response response) => response.Headers.Date ?? time.GetUtcNow();

    private sealed record Written(ETag ETag, DateTimeOffset LastModified);
}
