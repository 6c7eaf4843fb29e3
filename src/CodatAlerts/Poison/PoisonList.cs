namespace CodatAlerts.Poison;

/// <summary>A poison listing; <paramref name="Complete"/> is false when a queue may hold more than was listed.</summary>
public sealed record PoisonList(IReadOnlyList<PoisonListItem> Messages, bool Complete);
