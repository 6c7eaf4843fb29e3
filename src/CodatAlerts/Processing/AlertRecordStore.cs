using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Processing;

/// <summary>
/// The idempotency store: one blob per alert in <see cref="AlertContainers.Records"/>, at once the claim, the raw
/// archive and the replay source. Every state change is one conditional write: the claim is an upload with
/// <c>If-None-Match: *</c> (insert-if-absent, never check-then-insert), and every later change carries
/// <c>If-Match</c> with the version its writer read, so of two racing workers exactly one wins.
/// </summary>
public sealed class AlertRecordStore(BlobServiceClient blobs, IOptions<ProcessingOptions> options, TimeProvider time)
{
    /// <summary>Outcome metadata of an alert whose handlers ran.</summary>
    public const string HandledOutcome = "handled";

    /// <summary>Outcome metadata of an alert no handler knows (archived, never retried).</summary>
    public const string ParkedOutcome = "parked";

    // Each round is lost only to a concurrent writer of the same record; three lost races in a row means another
    // worker is actively taking the alert, which is what Busy reports.
    private const int MaxClaimRounds = 3;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(AlertContainers.Records);
    private readonly TimeSpan _lease = options.Value.LeaseDuration;

    /// <summary>
    /// Claims the alert for the queue message <paramref name="owner"/>. A new record is created with the raw body; an
    /// existing one is taken over when it was released, when its lease ran out (the holder crashed), or when it is
    /// held by this same message (the host never runs one message twice at once, so that earlier attempt is over).
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var name = AlertRecordName.For(envelope.ClientId, envelope.DedupKey);
        var blob = _container.GetBlobClient(name);
        AlertRecord? existing = null;
        for (var round = 0; round < MaxClaimRounds; round++)
        {
            var leaseUntil = time.GetUtcNow() + _lease;
            var attempt = (existing?.Attempts ?? 0) + 1;
            var metadata = ClaimMetadata(envelope, owner, leaseUntil, attempt);
            if (existing is null)
            {
                if (await TryCreateAsync(blob, body, metadata, cancellationToken) is { } created)
                {
                    return new ClaimResult(ClaimStatus.Claimed, new AlertClaim(name, created, metadata, attempt, leaseUntil), null);
                }

                existing = await ReadAsync(blob, cancellationToken);
                if (existing is null)
                {
                    continue; // Expired by retention between the two calls: create it again.
                }

                // Recompute the claim from what is there (attempts carry on).
                attempt = existing.Attempts + 1;
                metadata = ClaimMetadata(envelope, owner, leaseUntil, attempt);
            }

            switch (existing.State)
            {
                case AlertRecordState.Completed or AlertRecordState.Failed:
                    return new ClaimResult(ClaimStatus.Duplicate, null, existing);
                case AlertRecordState.Processing when existing.IsLiveAt(time.GetUtcNow()) && existing.Owner != owner:
                    return new ClaimResult(ClaimStatus.Busy, null, existing);
            }

            if (await TrySetAsync(blob, metadata, existing.ETag, cancellationToken) is { } taken)
            {
                return new ClaimResult(ClaimStatus.Claimed, new AlertClaim(name, taken, metadata, attempt, leaseUntil), existing);
            }

            existing = await ReadAsync(blob, cancellationToken); // Another worker wrote first: look again.
        }

        return new ClaimResult(ClaimStatus.Busy, null, existing);
    }

    /// <summary>Marks the alert completed; false when the claim was lost (another worker took the alert).</summary>
    public Task<bool> CompleteAsync(AlertClaim claim, string outcome, CancellationToken cancellationToken) =>
        CloseAsync(claim, AlertRecordState.Completed, AlertRecordMetadata.Outcome, outcome, cancellationToken);

    /// <summary>Gives the claim back after a transient failure; false when it was already lost.</summary>
    public Task<bool> ReleaseAsync(AlertClaim claim, CancellationToken cancellationToken) =>
        CloseAsync(claim, AlertRecordState.Released, null, null, cancellationToken);

    /// <summary>Marks the alert failed with the reason it was poisoned; false when the claim was lost.</summary>
    public Task<bool> FailAsync(AlertClaim claim, string reason, CancellationToken cancellationToken) =>
        CloseAsync(claim, AlertRecordState.Failed, AlertRecordMetadata.Reason, AlertRecordMetadata.Text(reason), cancellationToken);

    /// <summary>The record of an alert, or null when there is none (never seen, or expired).</summary>
    public Task<AlertRecord?> GetAsync(string clientId, string dedupKey, CancellationToken cancellationToken) =>
        ReadAsync(_container.GetBlobClient(AlertRecordName.For(clientId, dedupKey)), cancellationToken);

    /// <summary>
    /// Reopens a failed alert for a replay (failed → released), so its replayed copy runs again; any other state is
    /// left alone: a completed alert stays a duplicate, a held one stays with its holder. True when it reopened.
    /// </summary>
    public async Task<bool> ReopenFailedAsync(string clientId, string dedupKey, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(AlertRecordName.For(clientId, dedupKey));
        var properties = await ReadPropertiesAsync(blob, cancellationToken);
        if (properties is null || AlertRecordMetadata.Read(properties.Metadata, properties.ETag).State != AlertRecordState.Failed)
        {
            return false;
        }

        var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(AlertRecordState.Released),
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
        };
        return await TrySetAsync(blob, metadata, properties.ETag, cancellationToken) is not null;
    }

    private async Task<bool> CloseAsync(AlertClaim claim, AlertRecordState state, string? key, string? value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var metadata = new Dictionary<string, string>(claim.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(state),
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
        };
        metadata.Remove(AlertRecordMetadata.LeaseUntil);
        if (key is not null && value is not null)
        {
            metadata[key] = value;
        }

        return await TrySetAsync(_container.GetBlobClient(claim.BlobName), metadata, claim.ETag, cancellationToken) is not null;
    }

    private Dictionary<string, string> ClaimMetadata(AlertEnvelope envelope, string owner, DateTimeOffset leaseUntil, int attempt) => new()
    {
        [AlertRecordMetadata.State] = AlertRecordMetadata.Format(AlertRecordState.Processing),
        [AlertRecordMetadata.LeaseUntil] = AlertRecordMetadata.Format(leaseUntil),
        [AlertRecordMetadata.Attempts] = AlertRecordMetadata.Format(attempt),
        [AlertRecordMetadata.Owner] = owner,
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

    private async Task<ETag?> TryCreateAsync(BlobClient blob, ReadOnlyMemory<byte> body, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var upload = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = metadata,
            Tags = Records.AlertRecordTags.From(metadata), // Indexed for listing; set by this same request, never changed.
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        for (var createdContainer = false; ; createdContainer = true)
        {
            try
            {
                return (await blob.UploadAsync(new BinaryData(body), upload, cancellationToken)).Value.ETag;
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

    private static async Task<ETag?> TrySetAsync(BlobClient blob, IDictionary<string, string> metadata, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var conditions = new BlobRequestConditions { IfMatch = ifMatch };
            return (await blob.SetMetadataAsync(metadata, conditions, cancellationToken)).Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null; // Changed (or expired) since it was read: the writer's view is stale.
        }
    }

    private static async Task<AlertRecord?> ReadAsync(BlobClient blob, CancellationToken cancellationToken) =>
        await ReadPropertiesAsync(blob, cancellationToken) is { } properties
            ? AlertRecordMetadata.Read(properties.Metadata, properties.ETag)
            : null;

    private static async Task<BlobProperties?> ReadPropertiesAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
