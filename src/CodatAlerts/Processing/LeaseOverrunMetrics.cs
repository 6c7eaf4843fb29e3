using System.Diagnostics.Metrics;
using CodatAlerts.Telemetry;

namespace CodatAlerts.Processing;

/// <summary>
/// Counts dispatches that ran past their claim's lease (<c>codat.alerts.lease_overruns</c>): a handler that ignored
/// its cancellation token, during which another copy may have taken the alert and run it a second time.
/// </summary>
public sealed class LeaseOverrunMetrics
{
    /// <summary>The instrument's name.</summary>
    public const string Name = "codat.alerts.lease_overruns";

    private readonly Counter<long> _overruns;

    public LeaseOverrunMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _overruns = meterFactory.Create(TelemetryNames.Source)
            .CreateCounter<long>(Name, "{dispatch}", "Dispatches that outlived their claim's lease (a handler ignored cancellation).");
    }

    /// <summary>One dispatch of a <paramref name="ruleType"/> alert outlived its lease.</summary>
    public void Overran(string ruleType, bool known) =>
        _overruns.Add(1, new KeyValuePair<string, object?>(TelemetryTags.RuleType, known ? ruleType : TelemetryTagValues.Unknown));
}
