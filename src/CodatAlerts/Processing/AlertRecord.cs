using Azure;

namespace CodatAlerts.Processing;

/// <summary>What an alert's record blob says, read from its metadata.</summary>
/// <param name="State">Where the alert stands.</param>
/// <param name="LeaseUntil">While <see cref="AlertRecordState.Processing"/>: when the holder's claim runs out.</param>
/// <param name="Attempts">How many times a worker has claimed the alert.</param>
/// <param name="Owner">The queue message id of the last claim.</param>
/// <param name="Outcome">For a completed alert: <c>handled</c> or <c>parked</c>.</param>
/// <param name="Reason">For a failed alert: why it was poisoned.</param>
/// <param name="ETag">The version this snapshot was read at, for the next conditional write.</param>
public sealed record AlertRecord(
    AlertRecordState State,
    DateTimeOffset? LeaseUntil,
    int Attempts,
    string? Owner,
    string? Outcome,
    string? Reason,
    ETag ETag)
{
    /// <summary>Whether a worker holds a claim that has not run out at <paramref name="now"/>.</summary>
    public bool IsLiveAt(DateTimeOffset now) => State == AlertRecordState.Processing && LeaseUntil > now;
}
