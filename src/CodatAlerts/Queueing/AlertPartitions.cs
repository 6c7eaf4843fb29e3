using System.Globalization;

namespace CodatAlerts.Queueing;

/// <summary>
/// The fixed set of partition queues. A queue trigger binds one constant queue name (reference azure-platform §2.2),
/// so the count is a compile-time constant shared by the router, the queue functions and the infrastructure
/// (<c>infra/main.bicepparam</c>); tests fail when any of them drifts.
/// </summary>
public static class AlertPartitions
{
    /// <summary>How many partition queues there are.</summary>
    public const int Count = 8;

    /// <summary>The prefix of every partition queue name.</summary>
    public const string QueuePrefix = "codat-alerts-";

    /// <summary>The suffix the Functions host gives a queue's poison queue.</summary>
    public const string PoisonSuffix = "-poison";

    // Constants for the [QueueTrigger] attributes, which need compile-time strings.
    public const string Queue00 = QueuePrefix + "00";
    public const string Queue01 = QueuePrefix + "01";
    public const string Queue02 = QueuePrefix + "02";
    public const string Queue03 = QueuePrefix + "03";
    public const string Queue04 = QueuePrefix + "04";
    public const string Queue05 = QueuePrefix + "05";
    public const string Queue06 = QueuePrefix + "06";
    public const string Queue07 = QueuePrefix + "07";

    /// <summary>Every partition queue name, in partition order.</summary>
    public static IReadOnlyList<string> QueueNames { get; } = [.. Enumerable.Range(0, Count).Select(QueueName)];

    /// <summary>The queue of partition <paramref name="partition"/>: <c>codat-alerts-03</c>.</summary>
    public static string QueueName(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, Count);
        return QueuePrefix + partition.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The poison queue the host moves partition <paramref name="partition"/>'s failed messages to.</summary>
    public static string PoisonQueueName(int partition) => QueueName(partition) + PoisonSuffix;
}
