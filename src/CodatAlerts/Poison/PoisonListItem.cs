namespace CodatAlerts.Poison;

/// <summary>
/// One poison message as an operator sees it. Every field taken from the message is null when the message is not a
/// readable envelope (written by hand, or by a producer that does not encode): such a message is listed with its
/// partition, id and times rather than hidden.
/// </summary>
/// <param name="PoisonedAt">When the message was put on the poison queue (its insertion time there).</param>
public sealed record PoisonListItem(
    int Partition,
    string MessageId,
    string? ClientId,
    string? DedupKey,
    string? RuleType,
    string? Reason,
    DateTimeOffset? PoisonedAt,
    DateTimeOffset? ReceivedAt);
