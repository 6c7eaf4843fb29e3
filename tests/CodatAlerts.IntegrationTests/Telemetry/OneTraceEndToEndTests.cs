using System.Diagnostics;
using System.Net;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.IntegrationTests.Telemetry;

/// <summary>
/// Receipt and processing are one operation in Application Insights: the real HTTP function accepts an alert into
/// Azurite, the real queue function processes it through the emulated host, and both spans share one trace, the
/// processing span a child of the intake span.
/// </summary>
[Collection("Azurite")]
public sealed class OneTraceEndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_alert_accepted_by_the_HTTP_function_and_processed_by_its_queue_function_is_one_trace()
    {
        // Arrange
        using var exported = new SpanCollector();
        await using var app = await WholeApp.StartAsync(azurite);
        var dedupKey = Guid.NewGuid().ToString();
        var body = CodatSamples.WithFreshId(CodatSamples.Legacy["04-dataset-data-changed"], dedupKey);

        // Act
        var response = await app.PostAsync(body);
        await app.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mine = exported.Spans(dedupKey);
        var intake = Assert.Single(mine, s => s.DisplayName == AlertTracing.IntakeSpanName);
        var processing = Assert.Single(mine, s => s.DisplayName == AlertTracing.ProcessingSpanName);
        Assert.Equal(intake.TraceId, processing.TraceId);
        Assert.Equal(intake.SpanId, processing.ParentSpanId);
        Assert.Equal(1, app.Host.Succeeded);
    }

    /// <summary>
    /// Collects the spans that end while it lives. Tests in other collections run at the same time and emit spans on the
    /// same source, so callers select their own by the alert's dedup key.
    /// </summary>
    private sealed class SpanCollector : IDisposable
    {
        private readonly List<Activity> _spans = [];
        private readonly ActivityListener _listener;

        public SpanCollector()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == TelemetryNames.Source,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (_spans)
                    {
                        _spans.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Spans(string dedupKey)
        {
            lock (_spans)
            {
                return [.. _spans.Where(s => (s.GetTagItem(TelemetryTags.DedupKey) as string) == dedupKey)];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
