namespace CodatAlerts.Operations.Background;

/// <summary>The bounds of one background operation and of a dry run's answer.</summary>
public static class OperationBounds
{
    /// <summary>
    /// The most alerts one operation acts on, as a replay's <c>max</c>: a filter wider than that ends
    /// <c>succeeded</c> with <c>complete: false</c>, and another operation with a later <c>since</c> does the rest.
    /// </summary>
    public const int MaxAlerts = 5_000;

    /// <summary>The alerts a dry run lists (its count counts them all, up to <see cref="MaxAlerts"/>).</summary>
    public const int DryRunRows = 100;

    /// <summary>Alerts acted on between two checkpoints of the status blob.</summary>
    public const int CheckpointEvery = 25;
}
