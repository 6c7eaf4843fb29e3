using System.Diagnostics;
using System.Net;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// An alert accepted by the HTTP function and then processed yields spans of one trace. The processing side is the
/// processing span primitive until the queue functions land; a test source stands in for the worker's invocation spans.
/// </summary>
public sealed class ReceiveAlertTraceTests : IDisposable
{
    private readonly ActivitySource _invocations = new("CodatAlerts.Tests.ReceiveAlertInvocations");
    private readonly LockedCollection<Activity> _spans = new();
    private readonly TracerProvider _tracerProvider;
    private readonly AlertTracing _tracing = new();

    public ReceiveAlertTraceTests()
    {
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(TelemetryNames.Source, _invocations.Name)
            .AddInMemoryExporter(_spans)
            .Build();
    }

    [Fact]
    public async Task An_alert_accepted_by_the_HTTP_function_and_then_processed_is_one_trace()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();
        var body = CodatSamples.WithFreshId(CodatSamples.Legacy["06-push-operation-status-changed"]);
        ActivityContext httpInvocation;
        using (var invocation = _invocations.StartActivity("Invoke ReceiveAlert", ActivityKind.Server))
        {
            httpInvocation = invocation!.Context;
            var response = await host.PostAsync(body, ("X-Codat-ClientId", IntakeHost.ClientA), ("Authorization", IntakeHost.TokenA));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var message = AlertEnvelopeSerializer.Serialize(Assert.Single(host.Enqueuer.Enqueued));

        // Act
        ActivityContext queueInvocation;
        using (var invocation = _invocations.StartActivity("Invoke ProcessAlerts", ActivityKind.Server))
        using (var processing = _tracing.StartProcessing(AlertEnvelopeSerializer.Deserialize(message)))
        {
            queueInvocation = invocation!.Context;
            processing.SetOutcome(AlertOutcomes.Handled);
        }

        // Assert
        _tracerProvider.ForceFlush();
        var trace = _spans.Where(s => s.TraceId == httpInvocation.TraceId).ToList();
        var processingSpan = Assert.Single(trace, s => s.DisplayName == AlertTracing.ProcessingSpanName);
        Assert.Contains(trace, s => s.SpanId == processingSpan.ParentSpanId);
        Assert.Equal(IntakeHost.ClientA, processingSpan.GetTagItem(TelemetryTags.ClientId));
        Assert.NotEqual(httpInvocation.TraceId, queueInvocation.TraceId);
        Assert.Equal(queueInvocation, Assert.Single(processingSpan.Links).Context);
    }

    public void Dispose()
    {
        _tracerProvider.Dispose();
        _tracing.Dispose();
        _invocations.Dispose();
    }
}
