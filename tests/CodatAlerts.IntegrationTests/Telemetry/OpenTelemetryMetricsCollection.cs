namespace CodatAlerts.IntegrationTests.Telemetry;

/// <summary>
/// Tests that read metrics through an OpenTelemetry <c>MeterProvider</c> run alone. The provider follows every meter
/// named <c>CodatAlerts</c> in the process, and when another test disposes its service provider (and with it its
/// meter), the SDK retires the metric stream that meter's instruments fed, which this test's identical instruments
/// may share: measurements made after that are lost, and the assertion fails for a reason the code under test has
/// nothing to do with.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpenTelemetryMetricsCollection
{
    public const string Name = "OpenTelemetry metrics";
}
