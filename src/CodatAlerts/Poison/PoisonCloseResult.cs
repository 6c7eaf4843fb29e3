using CodatAlerts.Records;

namespace CodatAlerts.Poison;

/// <summary>
/// What a close did: <paramref name="Count"/> matching messages (all of them, also beyond the lists),
/// <paramref name="Alerts"/> the first <see cref="PoisonCloser.ListMax"/> of a dry run or every one a close handled,
/// <paramref name="Complete"/> false when the scan or the per-call bound stopped before the end.
/// </summary>
public sealed record PoisonCloseResult(RecordStatus Status, bool DryRun, int Count, IReadOnlyList<ClosedAlert> Alerts, bool Complete);
