using Azure;
using CodatAlerts.Operators;
using CodatAlerts.Records;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Operations.Background;

/// <summary>
/// Starts a background operation, idempotently under the caller's Idempotency-Key (see <see cref="OperationIds"/>):
/// the audit entry first (an operation the trail cannot hold never starts), then the status blob
/// (<c>If-None-Match: *</c>), then the queue message, then <see cref="OperationStatus.Enqueued"/>. A retry finds the
/// status blob: the same kind and filter answer the same operation, and re-send its message if the first send failed;
/// anything else under that key is refused.
/// </summary>
public sealed class OperationStarter(OperationStore store, OperationMessages queue, OperatorAudit audit, TimeProvider time, ILogger<OperationStarter> logger)
{
    public async Task<StartOutcome> StartAsync(OperatorIdentity caller, string kind, SortedDictionary<string, string> filter, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        var id = OperationIds.For(caller, idempotencyKey);
        try
        {
            if (await store.ReadAsync(id, cancellationToken) is { } existing)
            {
                return await RetriedAsync(existing.Status, existing.ETag, kind, filter, cancellationToken);
            }

            // Audited before anything exists that could run.
            var entry = audit.Request(caller, kind, null, OperationStatus.DescribeFilter(filter), id);
            if (!await audit.TryWriteAsync(entry, cancellationToken))
            {
                return new StartOutcome(StartResult.Unavailable, null);
            }

            var status = new OperationStatus
            {
                OperationId = id,
                Kind = kind,
                RequestedBy = caller.Name,
                RequestedById = caller.ObjectId,
                RequestedVia = caller.Method,
                RequestedAt = time.GetUtcNow(),
                Filter = filter,
                AuditId = entry.Id,
            };
            if (await store.TryCreateAsync(status, cancellationToken) is not { } etag)
            {
                // A concurrent retry of the same confirmation created it first.
                return await store.ReadAsync(id, cancellationToken) is { } raced
                    ? await RetriedAsync(raced.Status, raced.ETag, kind, filter, cancellationToken)
                    : new StartOutcome(StartResult.Unavailable, null);
            }

            BackgroundLog.Created(logger, id, kind, caller.Name);
            return await EnqueueAsync(status, etag, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            BackgroundLog.StartFailed(logger, ex, id, kind);
            return new StartOutcome(StartResult.Unavailable, null);
        }
    }

    private async Task<StartOutcome> RetriedAsync(OperationStatus existing, ETag etag, string kind, SortedDictionary<string, string> filter, CancellationToken cancellationToken)
    {
        if (!existing.SameFilter(kind, filter))
        {
            return new StartOutcome(StartResult.KeyReused, existing);
        }

        // The first attempt stopped between the status blob and the message: send it now (the runner is idempotent).
        return !existing.Enqueued && existing.Status == OperationStates.Queued
            ? await EnqueueAsync(existing, etag, cancellationToken)
            : new StartOutcome(StartResult.Accepted, existing);
    }

    private async Task<StartOutcome> EnqueueAsync(OperationStatus status, ETag etag, CancellationToken cancellationToken)
    {
        await queue.SendAsync(status.OperationId, cancellationToken);
        status.Enqueued = true;
        try
        {
            // Lost (412) when the runner already started it, which says the same.
            await store.TryReplaceAsync(status, etag, CancellationToken.None);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, CancellationToken.None))
        {
            // The message is sent: the operation runs. A retry would send a second copy, which the runner ignores.
            BackgroundLog.EnqueuedNotNoted(logger, ex, status.OperationId);
        }

        return new StartOutcome(StartResult.Accepted, status);
    }
}
