namespace CodatAlerts.Replay;

/// <summary>What one sweep run did, partition by partition.</summary>
/// <param name="Partitions">One pass per partition, in order; every partition has one every run.</param>
public sealed record SweepReport(IReadOnlyList<PartitionSweep> Partitions)
{
    /// <summary>Messages re-written into the app's form (host copies and undecodable ones).</summary>
    public int Swept => Partitions.Sum(p => p.Swept);

    /// <summary>Poison messages received.</summary>
    public int Read => Partitions.Sum(p => p.Read);

    /// <summary>Whether every partition's pass reached the end of its queue.</summary>
    public bool Complete => Partitions.All(p => p.Incomplete is null);
}

/// <summary>One run's pass over one partition's poison queue.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Read">Messages received.</param>
/// <param name="Swept">Of those, re-written into the app's form.</param>
/// <param name="Elapsed">How long the pass took.</param>
/// <param name="Incomplete">Why the pass stopped before the end of the queue (<see cref="SweepIncompleteReason"/>); null when it reached it.</param>
public sealed record PartitionSweep(int Partition, int Read, int Swept, TimeSpan Elapsed, string? Incomplete);
