namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// Tests that count spans through an OpenTelemetry <c>TracerProvider</c> run alone. The provider listens to the
/// <c>CodatAlerts</c> activity source of the whole process, so intake spans of tests running beside it would be sampled
/// (using up a per-minute budget) and exported into its counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpenTelemetryTracingCollection
{
    public const string Name = "OpenTelemetry tracing";
}
