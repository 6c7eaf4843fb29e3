namespace CodatAlerts.Operations.Background;

/// <summary>One alert an operation touched (or, in a dry run, would touch), as the console's tables show it.</summary>
/// <param name="ClientId">The alert's client.</param>
/// <param name="DedupKey">The alert's dedup key.</param>
/// <param name="RuleType">Its rule type, when known.</param>
/// <param name="ReceivedAt">When the intake received it, when known.</param>
/// <param name="State">A re-run: the record's state before it. A replay: null.</param>
/// <param name="Reason">A replay: why it had been poisoned. A re-run refused: why.</param>
/// <param name="Result">What the operation did with it: <c>rerun</c>, <c>busy</c>, <c>refused</c>, <c>not-found</c>, <c>replayed</c>; null in a dry run.</param>
/// <param name="Partition">Its partition, when known.</param>
public sealed record OperationAlert(
    string ClientId,
    string DedupKey,
    string? RuleType,
    DateTimeOffset? ReceivedAt,
    string? State = null,
    string? Reason = null,
    string? Result = null,
    int? Partition = null);
