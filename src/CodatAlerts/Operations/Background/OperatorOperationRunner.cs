using Azure;
using CodatAlerts.Journey;
using CodatAlerts.Processing;
using CodatAlerts.Records;
using CodatAlerts.Replay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Operations.Background;

/// <summary>
/// Runs one background operation from its queue message: marks it <c>running</c> (conditional on the ETag read),
/// works through it with a checkpoint of counts, rows and position in the status blob every
/// <see cref="OperationBounds.CheckpointEvery"/> alerts, and ends it <c>succeeded</c> or <c>failed</c>.
/// </summary>
/// <remarks>
/// <para>Redelivery resumes. A step that fails (storage) throws, the host makes the message visible again after its
/// <c>visibilityTimeout</c>, and the next invocation starts from the last checkpoint. A re-run's alerts acted on after
/// that checkpoint are recognised by their journey's <c>rerun</c> line of this operation and not re-run again; a
/// replay's moved alerts are out of poison and cannot be moved twice. On the host's last dequeue
/// (<see cref="ProcessingOptions.MaxDequeueCount"/>, kept equal to <c>host.json</c>'s) a failure marks the operation
/// <c>failed</c> with its error instead of leaving it to die silently in <c>operator-operations-poison</c>.</para>
/// <para>A running operation holds a lease (<see cref="Lease"/>, renewed at each checkpoint) shorter than the host's
/// visibility timeout: a second copy of the message seen while the lease is live is a duplicate and is dropped; the
/// message of a crashed invocation comes back after its lease has run out and takes over.</para>
/// </remarks>
public sealed class OperatorOperationRunner(
    OperationStore store,
    AlertRecordReader reader,
    AlertRerunner rerunner,
    AlertJourneyReader journeys,
    PoisonReplayer replayer,
    OperatorAudit audit,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<OperatorOperationRunner> logger)
{
    /// <summary>How long an invocation counts as alive after its last checkpoint.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private sealed class Run(OperationStatus status, ETag etag)
    {
        public OperationStatus Status { get; } = status;

        public ETag ETag { get; set; } = etag;
    }

    /// <summary>Runs (or resumes) the operation <paramref name="operationId"/>; <paramref name="dequeueCount"/> is the message's.</summary>
    public async Task RunAsync(string operationId, long dequeueCount, CancellationToken cancellationToken)
    {
        Run? run = null;
        try
        {
            run = await BeginAsync(operationId.Trim(), dequeueCount, cancellationToken);
            if (run is null)
            {
                return;
            }

            await (run.Status.Kind switch
            {
                OperationKinds.Rerun => RerunAsync(run, cancellationToken),
                OperationKinds.Replay => ReplayAsync(run, cancellationToken),
                _ => throw new InvalidDataException($"Unknown operation kind '{run.Status.Kind}'."),
            });
            await FinishAsync(run, OperationStates.Succeeded, null);
        }
        catch (OperationLostException)
        {
            BackgroundLog.Ignored(logger, operationId, "another invocation runs it now");
        }
        catch (Exception ex) when (dequeueCount >= options.Value.MaxDequeueCount && !cancellationToken.IsCancellationRequested)
        {
            // The host's last try: failed, visibly, with what it did so far. If even this write fails, the exception
            // goes to the host and the message to operator-operations-poison, which nothing sweeps: the status stays
            // "running" (docs/operations.md, Background operations).
            BackgroundLog.GaveUp(logger, ex, operationId, dequeueCount);
            run ??= await store.ReadAsync(operationId.Trim(), CancellationToken.None) is { } read ? new Run(read.Status, read.ETag) : null;
            try
            {
                if (run is not null)
                {
                    await FinishAsync(run, OperationStates.Failed, $"Stopped after {dequeueCount} tries: {ex.Message}");
                }
            }
            catch (OperationLostException)
            {
                BackgroundLog.Ignored(logger, operationId, "another invocation ended it");
            }
        }
        catch (Exception ex) when (run is not null)
        {
            BackgroundLog.Interrupted(logger, ex, operationId, run.Status.Runs, dequeueCount);
            throw;
        }
    }

    private async Task<Run?> BeginAsync(string id, long dequeueCount, CancellationToken cancellationToken)
    {
        if (!OperationIds.IsWellFormed(id) || await store.ReadAsync(id, cancellationToken) is not { } read)
        {
            BackgroundLog.Ignored(logger, id, "no such operation");
            return null;
        }

        var status = read.Status;
        var now = time.GetUtcNow();
        if (OperationStates.IsFinal(status.Status))
        {
            BackgroundLog.Ignored(logger, id, "it has ended already");
            return null;
        }

        if (status.Status == OperationStates.Running && status.LeaseUntil > now)
        {
            if (dequeueCount <= 1)
            {
                BackgroundLog.Ignored(logger, id, "a second copy while another invocation runs it");
                return null;
            }

            // A crashed invocation's message back before its lease ran out: later.
            throw new OperationStepFailedException($"Operation {id} is held by another invocation until {status.LeaseUntil:O}.");
        }

        status.Status = OperationStates.Running;
        status.StartedAt ??= now;
        status.Runs++;
        status.LeaseUntil = now + Lease;
        var etag = await store.TryReplaceAsync(status, read.ETag, cancellationToken) ?? throw new OperationLostException();
        return new Run(status, etag);
    }

    private async Task RerunAsync(Run run, CancellationToken cancellationToken)
    {
        var status = run.Status;
        var filter = RerunFilter.FromDescription(status.Filter);

        // An earlier run may have re-run alerts of its last page after its last checkpoint: look before acting on that page.
        var resumed = status.Runs > 1;
        while (true)
        {
            var page = await reader.ListAsync(filter.ListRequest(status.Continuation, OperationBounds.CheckpointEvery), cancellationToken);
            if (page.Status != RecordStatus.Ok)
            {
                throw new OperationStepFailedException("Storage failed while listing the records.");
            }

            foreach (var record in page.Records)
            {
                if (status.Counts.GetValueOrDefault("matched") >= OperationBounds.MaxAlerts)
                {
                    status.Complete = false;
                    return;
                }

                status.Count("matched");
                if (resumed && await AlreadyRerunAsync(record, status.OperationId, cancellationToken))
                {
                    status.Count("rerun");
                    status.Touched(RerunRows.Of(record, "rerun", null));
                    continue;
                }

                var result = await rerunner.RerunAsync(record.ClientId, record.DedupKey, dryRun: false, cancellationToken, status.RequestedBy, status.OperationId);
                var (name, reason) = result.Status switch
                {
                    RecordStatus.Ok => ("rerun", null),
                    RecordStatus.Conflict when result.PreviousState == AlertRecordState.Processing => ("busy", result.Reason),
                    RecordStatus.Conflict => ("refused", result.Reason),
                    RecordStatus.NotFound => ("not-found", null),
                    _ => throw new OperationStepFailedException("Storage failed while re-running an alert."),
                };
                status.Count(name);
                status.Touched(RerunRows.Of(record, name, reason));
            }

            status.Continuation = page.Continuation;
            resumed = false;
            if (page.Continuation is null)
            {
                status.Complete = true;
                return;
            }

            await CheckpointAsync(run, cancellationToken);
        }
    }

    private async Task<bool> AlreadyRerunAsync(AlertRecordView record, string operationId, CancellationToken cancellationToken)
    {
        var (found, events) = await journeys.ReadAsync(record.ClientId, record.DedupKey, cancellationToken);
        if (found == RecordStatus.Unavailable)
        {
            throw new OperationStepFailedException("Storage failed while reading a journey.");
        }

        return events.Any(e => e.Kind == JourneyEventKinds.Rerun && e.OperationId == operationId);
    }

    private async Task ReplayAsync(Run run, CancellationToken cancellationToken)
    {
        var status = run.Status;
        var request = ReplayRequest.FromDescription(status.Filter);
        var remaining = request.Max - status.Counts.GetValueOrDefault("replayed");
        if (remaining <= 0)
        {
            status.Complete = true;
            return;
        }

        var sinceCheckpoint = 0;
        try
        {
            var report = await replayer.ReplayAsync(request with { Max = remaining }, cancellationToken, status.RequestedBy, status.OperationId, async moved =>
            {
                status.Count("replayed");
                status.Touched(moved);
                if (++sinceCheckpoint % OperationBounds.CheckpointEvery == 0)
                {
                    await CheckpointAsync(run, cancellationToken);
                }
            });
            status.Count("scanned", report.Scanned);
            status.Count("matched", report.Matched);
            status.Complete = report.Complete;
        }
        catch (ReplayInterruptedException ex)
        {
            // What moved stays counted; the next delivery moves the rest.
            status.Count("scanned", ex.SoFar.Scanned);
            await TryCheckpointAsync(run);
            throw;
        }
    }

    private async Task CheckpointAsync(Run run, CancellationToken cancellationToken)
    {
        run.Status.LeaseUntil = time.GetUtcNow() + Lease;
        run.ETag = await store.TryReplaceAsync(run.Status, run.ETag, cancellationToken) ?? throw new OperationLostException();
    }

    private async Task TryCheckpointAsync(Run run)
    {
        try
        {
            await CheckpointAsync(run, CancellationToken.None);
        }
        catch (Exception ex) when (StorageFailure.Is(ex, CancellationToken.None))
        {
            BackgroundLog.Interrupted(logger, ex, run.Status.OperationId, run.Status.Runs, 0);
        }
    }

    // Written without the invocation's token: the work is done, and its end must be told.
    private async Task FinishAsync(Run run, string state, string? error)
    {
        var status = run.Status;
        status.Status = state;
        status.Error = error;
        status.FinishedAt = time.GetUtcNow();
        status.LeaseUntil = null;
        if (await store.TryReplaceAsync(status, run.ETag, CancellationToken.None) is null)
        {
            throw new OperationLostException();
        }

        var counts = string.Join(' ', status.Counts.Select(c => $"{c.Key}={c.Value}"));
        BackgroundLog.Finished(logger, status.OperationId, status.Kind, state, counts);
        var result = new AuditEntry(
            status.AuditId ?? Guid.CreateVersion7(status.FinishedAt.Value).ToString("N"),
            status.FinishedAt.Value,
            status.RequestedBy,
            status.RequestedById,
            status.RequestedVia ?? "unknown",
            status.Kind,
            null,
            OperationStatus.DescribeFilter(status.Filter),
            status.OperationId,
            $"{state} {counts}".Trim());
        await audit.TryWriteAsync(result, CancellationToken.None);
    }
}
