using CodatAlerts.Processing;

namespace CodatAlerts.Records;

/// <summary>What a re-run did, or in a dry run would do.</summary>
/// <param name="Status">Ok, not found, conflict (a live claim, or a concurrent change), or storage unavailable.</param>
/// <param name="DryRun">Whether it only looked.</param>
/// <param name="PreviousState">The record's state before the re-run (null when not found).</param>
/// <param name="Queue">The partition queue the copy goes to.</param>
/// <param name="IngestionId">The copy's own ingestion id (null in a dry run).</param>
/// <param name="MessageId">The queue message id of the copy (null in a dry run).</param>
/// <param name="Reason">Why it was refused (conflict), for the operator.</param>
public sealed record RerunResult(
    RecordStatus Status,
    bool DryRun,
    AlertRecordState? PreviousState,
    string? Queue,
    string? IngestionId,
    string? MessageId,
    string? Reason);
