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
    /// Claims the alert for one invocation processing the queue message <paramref name="owner"/>, received for the
    /// <paramref name="dequeueCount"/>th time, under a token of its own. A new record is created with the raw body; an
    /// existing one is taken over only when it was released or when its lease ran out on the storage service's clock
    /// (the holder stopped renewing it: crashed, or cut off). A live claim is never taken over, not even by a later
    /// dequeue of the holder's own message: the host may hand a message out again while the first invocation still
    /// runs (its hold on the message lapsed), so only the lease says whether the holder is gone. A write of this call
    /// whose answer was lost (the client retried it and was refused) is recognised by the token, not mistaken for a
    /// rival's.
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, string owner, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(owner);
        var name = AlertRecordName.For(envelope.ClientId, envelope.DedupKey);
        var blob = _container.GetBlockBlobClient(name);
        var token = Guid.NewGuid().ToString("N");
        AlertRecord? existing = null;
        Pending? pending = null;
        var serviceNow = DateTimeOffset.MinValue;
        for (var round = 0; round < MaxClaimRounds; round++)
        {
            if (existing is null)
            {
                pending = new Pending(ClaimMetadata(envelope, owner, dequeueCount, token, 1, 0, null), 1, 0, null, time.GetTimestamp());
                if (await TryCreateAsync(blob, body, pending.Metadata, cancellationToken) is { } created)
                {
                    return Claimed(name, token, created.ETag, created.LastModified, pending);
                }

                (existing, serviceNow) = await ReadAsync(blob, cancellationToken);
                if (existing is null)
                {
                    continue; // Expired by retention between the two calls: create it again.
                }
            }

            if (pending is not null && existing.State == AlertRecordState.Processing && existing.ClaimToken == token)
            {
                // This call's own write landed; only its answer was lost, and the client's retry of it was refused.
                return Claimed(name, token, existing.ETag, existing.ModifiedAt, pending);
            }

            switch (existing.State)
            {
                case AlertRecordState.Completed or AlertRecordState.Failed:
                    return new ClaimResult(ClaimStatus.Duplicate, null, existing);
                case AlertRecordState.Processing when existing.IsLiveAt(serviceNow):
                    return new ClaimResult(ClaimStatus.Busy, null, existing);
                case AlertRecordState.Released when existing.Carrier is { } carrier && carrier != AlertRecordMetadata.Token(owner):
                    return new ClaimResult(ClaimStatus.Superseded, null, existing);
            }

            // Released, or a claim whose lease ran out: that holder stopped without closing it (crashed or killed).
            var attempt = existing.Attempts + 1;
            var abandoned = existing.Abandoned + (existing.State == AlertRecordState.Processing ? 1 : 0);
            pending = new Pending(ClaimMetadata(envelope, owner, dequeueCount, token, attempt, abandoned, existing), attempt, abandoned, existing, time.GetTimestamp());
            if (await TrySetAsync(blob, pending.Metadata, existing.ETag, cancellationToken) is { } taken)
            {
                return Claimed(name, token, taken.ETag, taken.LastModified, pending);
            }

            (existing, serviceNow) = await ReadAsync(blob, cancellationToken); // Another writer, or this one's lost answer: look again.
            if (existing is null)
            {
                pending = null;
            }
        }

        return existing is { State: AlertRecordState.Processing } && existing.ClaimToken == token && pending is not null
            ? Claimed(name, token, existing.ETag, existing.ModifiedAt, pending)
            : new ClaimResult(ClaimStatus.Busy, null, existing);
    }

    /// <summary>
    /// Extends the claim's lease while its handlers run: a write of the claim as it stands, which the service stamps
    /// anew. False when the claim is lost (another invocation took the alert, or the record changed state).
    /// </summary>
    public async Task<bool> RenewAsync(AlertClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var started = time.GetTimestamp();
        var metadata = new Dictionary<string, string>(claim.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.UpdatedAt] = AlertRecordMetadata.Format(time.GetUtcNow()),
        };
        var blob = _container.GetBlobClient(claim.BlobName);
        if (await TrySetAsync(blob, metadata, claim.ETag, cancellationToken) is { } written)
        {
            claim.Renewed(written.ETag, metadata, written.LastModified, started);
            return true;
        }

        // Refused: another writer, or this renewal landed and only its answer was lost (the retry found it changed).
        var (now, _) = await ReadAsync(blob, cancellationToken);
        if (now is { State: AlertRecordState.Processing } && now.ClaimToken == claim.Token)
        {
            claim.Renewed(now.ETag, now.Metadata, now.ModifiedAt, started);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Marks the alert completed; false when the claim was lost (another worker took the alert). A completion this
    /// claim wrote whose answer was lost counts as written.
    /// </summary>
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

    /// <summary>
    /// Notes on the record this claim released that the re-sent message <paramref name="carrier"/> now carries the
    /// alert's retry, so any other copy (the original, back after a failed delete) is absorbed. False when the record
    /// changed since the release (the carrier or another copy already took it): nothing to note then.
    /// </summary>
    public async Task<bool> HandOffAsync(AlertClaim claim, string carrier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(carrier);
        return await AddAsync(claim.BlobName, claim.Metadata, claim.ETag, AlertRecordMetadata.Carrier, AlertRecordMetadata.Token(carrier), cancellationToken);
    }

    /// <summary>Notes on the record this claim failed that its poison copy is written. False when the record changed since.</summary>
    public Task<bool> PoisonWrittenAsync(AlertClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return AddAsync(claim.BlobName, claim.Metadata, claim.ETag, AlertRecordMetadata.PoisonWritten, "1", cancellationToken);
    }

    /// <summary>As <see cref="PoisonWrittenAsync(AlertClaim, CancellationToken)"/>, for a failed record as read (the poison copy written on a later dequeue).</summary>
    public Task<bool> PoisonWrittenAsync(AlertEnvelope envelope, AlertRecord failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(failed);
        return AddAsync(AlertRecordName.For(envelope.ClientId, envelope.DedupKey), failed.Metadata, failed.ETag, AlertRecordMetadata.PoisonWritten, "1", cancellationToken);
    }

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
        metadata.Remove(AlertRecordMetadata.PoisonWritten);
        metadata.Remove(AlertRecordMetadata.ClaimToken); // The failing invocation's token must not recognise this write as its own.
        metadata.Remove(AlertRecordMetadata.Carrier);
        metadata.Remove(AlertRecordMetadata.Abandoned); // A count that poisoned it must not poison the replay at once.
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

        var blob = _container.GetBlobClient(claim.BlobName);
        if (await TrySetAsync(blob, metadata, claim.ETag, cancellationToken) is { } written)
        {
            claim.Wrote(written.ETag, metadata);
            return true;
        }

        // Refused: another writer took the alert, or this very write landed and only its answer was lost (the client
        // retried it and the retry's If-Match no longer held). The token tells them apart.
        var (now, _) = await ReadAsync(blob, cancellationToken);
        if (now is not null && now.State == state && now.ClaimToken == claim.Token)
        {
            claim.Wrote(now.ETag, now.Metadata);
            return true;
        }

        return false;
    }

    // Adds one key to exactly the version read or written (If-Match): never onto a state someone else wrote since.
    private async Task<bool> AddAsync(string blobName, IDictionary<string, string> current, ETag version, string key, string value, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(current, StringComparer.OrdinalIgnoreCase) { [key] = value };
        return await TrySetAsync(_container.GetBlobClient(blobName), metadata, version, cancellationToken) is not null;
    }

    private ClaimResult Claimed(string name, string token, ETag etag, DateTimeOffset modifiedAt, Pending pending)
    {
        var claim = new AlertClaim(name, token, etag, pending.Metadata, pending.Attempt, modifiedAt, _lease, pending.Started)
        {
            FirstFailedAt = pending.Previous?.FirstFailedAt,
            Abandoned = pending.Abandoned,
        };
        return new ClaimResult(ClaimStatus.Claimed, claim, pending.Previous);
    }

    private Dictionary<string, string> ClaimMetadata(AlertEnvelope envelope, string owner, long dequeueCount, string token, int attempt, int abandoned, AlertRecord? existing)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [AlertRecordMetadata.State] = AlertRecordMetadata.Format(AlertRecordState.Processing),
            [AlertRecordMetadata.LeaseFor] = AlertRecordMetadata.Format(_lease),
            [AlertRecordMetadata.Attempts] = AlertRecordMetadata.Format(attempt),
            [AlertRecordMetadata.Owner] = AlertRecordMetadata.Text(owner),
            [AlertRecordMetadata.OwnerDequeue] = AlertRecordMetadata.Format(dequeueCount),
            [AlertRecordMetadata.ClaimToken] = AlertRecordMetadata.Token(token),
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

        if (Telemetry.PropagatedTraceContext.TraceIdOf(envelope.TraceParent) is { } traceId)
        {
            metadata[AlertRecordMetadata.TraceId] = traceId;
        }

        // The retry history travels with the alert across claims (a metadata write replaces every key).
        if (existing?.FirstFailedAt is { } firstFailedAt)
        {
            metadata[AlertRecordMetadata.FirstFailedAt] = AlertRecordMetadata.Format(firstFailedAt);
        }

        if (existing?.LastError is { } lastError)
        {
            metadata[AlertRecordMetadata.LastError] = AlertRecordMetadata.Text(lastError);
        }

        if (abandoned > 0)
        {
            metadata[AlertRecordMetadata.Abandoned] = AlertRecordMetadata.Format(abandoned);
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

    // The claim write a round attempted, for the claim it becomes if it landed.
    private sealed record Pending(Dictionary<string, string> Metadata, int Attempt, int Abandoned, AlertRecord? Previous, long Started);
}
