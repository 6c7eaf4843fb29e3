namespace CodatAlerts.Operations.Background;

/// <summary>A dry run's answer: how many alerts the operation would touch (up to its bound) and the first of them.</summary>
/// <param name="Count">Alerts matched, at most <see cref="OperationBounds.MaxAlerts"/>.</param>
/// <param name="Complete">False when the count stopped at the bound (or, for a replay, at the scan limit).</param>
/// <param name="Alerts">The first <see cref="OperationBounds.DryRunRows"/>.</param>
/// <param name="DryRun">Always true: says what the answer is.</param>
public sealed record DryRunAnswer(int Count, bool Complete, IReadOnlyList<OperationAlert> Alerts, bool DryRun = true);
