using CodatAlerts.Intake;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// An <see cref="AlertMetrics"/> on a private service provider, read back through OpenTelemetry's in-memory exporter.
/// Other tests may record on the same meter name at the same time, so every read filters on tags the test owns
/// (a fresh client ID, a unique reason).
/// </summary>
internal sealed class MetricsCapture : IDisposable
{
    private readonly List<MetricSnapshot> _exported = [];
    private readonly MeterProvider _meterProvider;
    private readonly ServiceProvider _services;

    public MetricsCapture(params string[] configuredClientIds)
    {
        var services = new ServiceCollection().AddMetrics().AddSingleton<TimeProvider>(Time);
        services.Configure<IntakeOptions>(o =>
        {
            foreach (var id in configuredClientIds)
            {
                o.Clients.Add(new ClientCredentialsOptions { ClientId = id });
            }
        });
        services.AddAlertTelemetry();
        _services = services.BuildServiceProvider();
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(TelemetryNames.Source)
            .AddInMemoryExporter(_exported)
            .Build();
        Metrics = _services.GetRequiredService<AlertMetrics>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public AlertMetrics Metrics { get; }

    /// <summary>The sum of counter <paramref name="instrument"/> over the points that carry every tag in <paramref name="tags"/>.</summary>
    public long Count(string instrument, params (string Key, object Value)[] tags) =>
        Points(instrument, tags).Sum(p => p.GetSumLong());

    /// <summary>The tag sets of <paramref name="instrument"/>'s points that carry every tag in <paramref name="tags"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> TagSets(string instrument, params (string Key, object Value)[] tags) =>
        [.. Points(instrument, tags).Select(TagsOf)];

    /// <summary>Count and sum of histogram <paramref name="instrument"/> over the matching points.</summary>
    public (long Count, double Sum) Histogram(string instrument, params (string Key, object Value)[] tags)
    {
        var points = Points(instrument, tags);
        return (points.Sum(p => p.GetHistogramCount()), points.Sum(p => p.GetHistogramSum()));
    }

    public void Dispose()
    {
        _meterProvider.Dispose();
        _services.Dispose();
    }

    private List<MetricPoint> Points(string instrument, (string Key, object Value)[] tags)
    {
        _exported.Clear();
        _meterProvider.ForceFlush();
        // Every AlertMetrics in the process (other tests build their own) has a meter of the same name; read every
        // stream the SDK exports under the instrument's name, and let the tags pick this test's points.
        return [.. _exported
            .Where(m => m.Name == instrument)
            .SelectMany(m => m.MetricPoints)
            .Where(p =>
            {
                var actual = TagsOf(p);
                return tags.All(t => actual.TryGetValue(t.Key, out var v) && Equals(v, t.Value));
            })];
    }

    private static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }
}
