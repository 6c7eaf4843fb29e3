using System.Diagnostics.Metrics;
using CodatAlerts.Telemetry;

namespace CodatAlerts.Journey;

/// <summary>The journey store's counter, on the app's meter: a journey line lost is visible, never silent.</summary>
public sealed class JourneyMetrics
{
    /// <summary>Counter: journey lines that could not be written (dimension <c>kind</c>).</summary>
    public const string WriteFailed = "codat.alerts.journey_write_failed";

    private readonly Counter<long> _failed;

    public JourneyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _failed = meterFactory.Create(TelemetryNames.Source).CreateCounter<long>(WriteFailed, "{event}", "Journey lines that could not be written.");
    }

    public void Failed(string kind) => _failed.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
