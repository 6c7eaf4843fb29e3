namespace CodatAlerts.Overview;

/// <summary>The overview's figures: per-minute outcomes since <paramref name="Since"/>, and each partition's queues.</summary>
/// <param name="Complete">False when the window held more than <see cref="OverviewReader.MaxRecords"/> records (the buckets count the first ones, in name order).</param>
public sealed record OpsOverview(DateTimeOffset Since, IReadOnlyList<MinuteBucket> Buckets, IReadOnlyList<PartitionFigures> Partitions, double? OldestUnprocessedAgeSeconds, int Records, bool Complete);

/// <summary>Alerts received in one minute, by where they stand now.</summary>
public sealed record MinuteBucket(DateTimeOffset Minute, int Handled, int Duplicate, int Retrying, int Poisoned, int Parked);

/// <summary>One partition: messages waiting, poison messages, and the age of the first waiting one (null when none).</summary>
public sealed record PartitionFigures(int Partition, int Depth, int Poison, double? OldestAgeSeconds);
