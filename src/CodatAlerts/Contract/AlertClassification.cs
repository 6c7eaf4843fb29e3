namespace CodatAlerts.Contract;

/// <summary>What a body is: its shape, its deduplication key and its rule type.</summary>
/// <param name="Shape">Legacy alert body or event envelope.</param>
/// <param name="DedupKey">The key every copy of this alert shares.</param>
/// <param name="DedupKeySource">Where <paramref name="DedupKey"/> came from.</param>
/// <param name="RawRuleType">The <c>RuleType</c> / <c>eventType</c> string exactly as sent.</param>
/// <param name="Match">The canonical type, or null for a type Codat has not documented (accepted, then parked).</param>
public sealed record AlertClassification(
    AlertShape Shape,
    string DedupKey,
    DedupKeySource DedupKeySource,
    string RawRuleType,
    RuleTypeMatch? Match)
{
    /// <summary>The canonical name when known, else the raw string: the name queues, logs and metrics carry.</summary>
    public string RuleTypeName => Match?.RuleType.Name ?? RawRuleType;

    /// <summary>
    /// The legacy body's <c>ClientId</c>, trimmed, whenever the key is present: empty when its value is blank or not a
    /// string (a number, <c>null</c>, an object), which names no client; null when the key is absent, and for an event
    /// envelope, which has none. Present-but-empty is kept apart from absent so the intake's cross-check with
    /// <c>X-Codat-ClientId</c> cannot be skipped by sending a value of the wrong type.
    /// </summary>
    public string? ClientId { get; init; }
}
