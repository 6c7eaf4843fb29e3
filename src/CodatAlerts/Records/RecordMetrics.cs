using System.Diagnostics.Metrics;
using System.Globalization;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;

namespace CodatAlerts.Records;

/// <summary>
/// The inspector's counter, on the app's <see cref="TelemetryNames.Source"/> meter (the meter factory hands back the
/// same meter, so it is exported with the others). A re-run is counted here and nowhere in the intake's counters: it
/// is an operator's action, not a delivery from Codat.
/// </summary>
public sealed class RecordMetrics
{
    /// <summary>Counter: alerts re-run from their archived body by an operator.</summary>
    public const string Rerun = "codat.alerts.rerun";

    private readonly Counter<long> _rerun;

    public RecordMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _rerun = meterFactory.Create(TelemetryNames.Source).CreateCounter<long>(Rerun, "{alert}", "Alerts re-run from their archived body by an operator.");
    }

    /// <summary>A copy of <paramref name="envelope"/> was enqueued by a re-run.</summary>
    public void Reran(AlertEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        _rerun.Add(
            1,
            new KeyValuePair<string, object?>(TelemetryTags.RuleType, envelope.RuleType),
            new KeyValuePair<string, object?>(TelemetryTags.Partition, envelope.Partition.ToString("00", CultureInfo.InvariantCulture)));
    }
}
