using Azure;

namespace CodatAlerts.Processing;

/// <summary>What an alert's record blob says, read from its metadata.</summary>
/// <param name="State">Where the alert stands.</param>
/// <param name="LeaseUntil">While <see cref="AlertRecordState.Processing"/>: when the holder's claim runs out, on the storage service's clock.</param>
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
    /// <summary>The dequeue count of <see cref="Owner"/>'s message when it claimed: only a later dequeue may retake the claim.</summary>
    public long OwnerDequeueCount { get; init; }

    /// <summary>When the first transient failure happened (the app's retry horizon counts from it); null when none did.</summary>
    public DateTimeOffset? FirstFailedAt { get; init; }

    /// <summary>The last transient failure's message, cut to fit the metadata.</summary>
    public string? LastError { get; init; }

    /// <summary>The stored token of the invocation that wrote the last claim (see <see cref="AlertRecordMetadata.Token"/>).</summary>
    public string? ClaimToken { get; init; }

    /// <summary>While released: the stored id of the re-sent message that carries the alert's retry; any other copy is not needed.</summary>
    public string? Carrier { get; init; }

    /// <summary>While failed: whether the poison copy was written.</summary>
    public bool PoisonWritten { get; init; }

    /// <summary>How many claims ran out without being closed (a crashed or killed worker).</summary>
    public int Abandoned { get; init; }

    /// <summary>When the storage service stamped this version (its Last-Modified).</summary>
    public DateTimeOffset ModifiedAt { get; init; }

    // The full metadata set read, for a write that adds one key to this exact version.
    internal IDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether a worker holds a claim that has not run out at <paramref name="serviceNow"/> (the storage service's time).</summary>
    public bool IsLiveAt(DateTimeOffset serviceNow) => State == AlertRecordState.Processing && LeaseUntil > serviceNow;
}
