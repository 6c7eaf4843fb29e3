using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using CodatAlerts.Telemetry;

namespace CodatAlerts.Replay;

/// <summary>
/// Counts sweep passes that could not finish a partition (<c>codat.alerts.sweep_incomplete</c>, by partition and
/// reason): a host copy left there may expire unswept, so an alert rule fires on it, where an Information log did not.
/// </summary>
public sealed class SweepMetrics
{
    /// <summary>The instrument's name.</summary>
    public const string Name = "codat.alerts.sweep_incomplete";

    /// <summary>The dimension holding the <see cref="SweepIncompleteReason"/>.</summary>
    public const string ReasonTag = "reason";

    private readonly Counter<long> _incomplete;

    public SweepMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _incomplete = meterFactory.Create(TelemetryNames.Source)
            .CreateCounter<long>(Name, "{partition}", "Sweep passes that stopped before the end of a partition's poison queue.");
    }

    /// <summary>One run's pass over <paramref name="partition"/> stopped for <paramref name="reason"/>.</summary>
    public void Incomplete(int partition, string reason) =>
        _incomplete.Add(1, new TagList
        {
            { TelemetryTags.Partition, partition.ToString("00", CultureInfo.InvariantCulture) },
            { ReasonTag, reason },
        });
}
