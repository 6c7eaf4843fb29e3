using System.Text.Json.Serialization;

namespace CodatAlerts.Replay;

/// <summary>What a replay did (or, in a dry run, would do).</summary>
/// <param name="Scanned">Poison messages read.</param>
/// <param name="Matched">Of those, the ones the filters selected (at most <see cref="ReplayRequest.Max"/>).</param>
/// <param name="Replayed">Moved back to their partition queue; 0 in a dry run.</param>
/// <param name="DryRun">Whether only counted.</param>
/// <param name="Complete">False when the scan stopped at the scan limit with messages left unread.</param>
/// <param name="PerPartition">The same counts per partition read.</param>
/// <param name="Error">Why the replay stopped early (storage failed: a 503); absent from a replay that ran to its end.</param>
public sealed record ReplayReport(
    int Scanned,
    int Matched,
    int Replayed,
    bool DryRun,
    bool Complete,
    IReadOnlyList<PartitionReplayReport> PerPartition,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    /// <summary>The matched alerts, as the console's dry run counts them.</summary>
    public int Count => Matched;

    /// <summary>A dry run: the first <see cref="Operations.Background.OperationBounds.DryRunRows"/> matched. A replay: the ones moved (at most <see cref="Operations.Background.OperationStatus.MaxAlertRows"/>).</summary>
    public IReadOnlyList<Operations.Background.OperationAlert> Alerts { get; init; } = [];
}

/// <summary>The counts of one partition's poison queue.</summary>
public sealed record PartitionReplayReport(int Partition, string PoisonQueue, int Scanned, int Matched, int Replayed);
