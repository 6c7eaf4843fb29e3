using CodatAlerts.Processing;

namespace CodatAlerts.Records;

/// <summary>What the inspector tells about one alert: its record's state and the facts stored with it.</summary>
/// <param name="ClientId">The client ID as the intake authenticated it (empty when the sender named none).</param>
/// <param name="DedupKey">The key every copy of the alert shares.</param>
/// <param name="State">Where the alert stands.</param>
/// <param name="Outcome">Completed: <c>handled</c> or <c>parked</c>.</param>
/// <param name="Reason">Failed: why it was poisoned.</param>
/// <param name="LastError">The last transient failure, while the app retries it (and after, for the record).</param>
/// <param name="Attempts">How many times a worker claimed it.</param>
/// <param name="ReceivedAt">When the intake received the copy that made the last claim.</param>
/// <param name="FirstClaimedAt">When the record was created: the first claim.</param>
/// <param name="UpdatedAt">The record's last state change.</param>
/// <param name="LeaseUntil">While processing: when the claim runs out.</param>
/// <param name="Partition">The partition it was routed to.</param>
/// <param name="RuleType">The canonical rule type (the raw string when unknown).</param>
/// <param name="Delivery">How Codat delivered the copy that made the last claim; null for records written before it was stored.</param>
/// <param name="ClientIdSource">How the intake learnt the client: <c>header</c>, <c>signature</c> or <c>default</c>; null for records written before it was stored.</param>
/// <param name="IngestionIds">The ingestion ids known: the copy that made the last claim (absorbed duplicates are only in the logs).</param>
/// <param name="ClaimedBy">The queue message id of the last claim.</param>
public sealed record AlertRecordView(
    string ClientId,
    string DedupKey,
    AlertRecordState State,
    string? Outcome,
    string? Reason,
    string? LastError,
    int Attempts,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? FirstClaimedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? LeaseUntil,
    int? Partition,
    string? RuleType,
    string? Delivery,
    string? ClientIdSource,
    IReadOnlyList<string> IngestionIds,
    string? ClaimedBy)
{
    /// <summary>The trace id of the copy that made the last claim (its intake, queue and processing spans); null when it carried none.</summary>
    public string? TraceId { get; init; }
}
