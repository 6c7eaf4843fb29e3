namespace CodatAlerts.Operations;

/// <summary>One line of the operator audit trail: who asked for what, when, and (on a second line) how it ended.</summary>
/// <param name="Id">The action's id; its request line and its result line share it.</param>
/// <param name="At">When the line was written (UTC).</param>
/// <param name="Actor">The operator's readable name.</param>
/// <param name="ActorId">The operator's Entra object id, when signed in with Entra ID.</param>
/// <param name="Method">How the operator was established (<c>entra-id</c>, <c>function-key</c>, <c>loopback</c>).</param>
/// <param name="Action">What was asked: <c>rerun</c>, <c>replay</c>, <c>close</c>, a bulk operation's kind.</param>
/// <param name="Target">The alert (<c>{client}/{dedupKey}</c>) or null for a filter-wide action.</param>
/// <param name="Filter">The filter of a filter-wide action, as the operator gave it.</param>
/// <param name="OperationId">The background operation it started, if any.</param>
/// <param name="Result"><c>requested</c> (written before the action starts), then the outcome.</param>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset At,
    string Actor,
    string? ActorId,
    string Method,
    string Action,
    string? Target,
    string? Filter,
    string? OperationId,
    string Result);
