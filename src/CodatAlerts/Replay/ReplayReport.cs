namespace CodatAlerts.Replay;

/// <summary>What a replay did (or, in a dry run, would do).</summary>
/// <param name="Scanned">Poison messages read.</param>
/// <param name="Matched">Of those, the ones the filters selected (at most <see cref="ReplayRequest.Max"/>).</param>
/// <param name="Replayed">Moved back to their partition queue; 0 in a dry run.</param>
/// <param name="DryRun">Whether only counted.</param>
/// <param name="Complete">False when the scan stopped at the scan limit with messages left unread.</param>
/// <param name="PerPartition">The same counts per partition read.</param>
public sealed record ReplayReport(int Scanned, int Matched, int Replayed, bool DryRun, bool Complete, IReadOnlyList<PartitionReplayReport> PerPartition);

/// <summary>The counts of one partition's poison queue.</summary>
public sealed record PartitionReplayReport(int Partition, string PoisonQueue, int Scanned, int Matched, int Replayed);
