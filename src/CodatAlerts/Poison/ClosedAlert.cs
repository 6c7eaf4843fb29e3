namespace CodatAlerts.Poison;

/// <summary>An alert a close matched: <paramref name="State"/> is the record's state before, <paramref name="Skipped"/> why it was left in poison (null when closed).</summary>
public sealed record ClosedAlert(int Partition, string ClientId, string DedupKey, string RuleType, DateTimeOffset ReceivedAt, string? State, string? Skipped);
