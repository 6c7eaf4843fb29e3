using System.Diagnostics;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// The trace of one alert across the queue hop. A test activity source stands in for the worker's invocation spans
/// (<c>Microsoft.Azure.Functions.Worker</c>), which the real host starts around each function run.
/// </summary>
public sealed class AlertTracingTests : IDisposable
{
    private readonly ActivitySource _invocations = new("CodatAlerts.Tests.Invocations");
    private readonly LockedCollection<Activity> _spans = new();
    private readonly TracerProvider _tracerProvider;
    private readonly AlertTracing _tracing = new();

    public AlertTracingTests()
    {
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(TelemetryNames.Source, _invocations.Name)
            .AddInMemoryExporter(_spans)
            .Build();
    }

    [Fact]
    public void Processing_continues_the_intake_trace_after_the_envelope_round_trip()
    {
        // Arrange: the HTTP invocation, the intake span inside it, and the envelope it enqueues.
        byte[] message;
        ActivityContext httpInvocation, intake;
        using (var invocation = _invocations.StartActivity("Invoke ReceiveAlert", ActivityKind.Server))
        using (var intakeSpan = _tracing.StartIntake("client-1"))
        {
            httpInvocation = invocation!.Context;
            intake = intakeSpan!.Context;
            var context = PropagatedTraceContext.Current()!;
            var envelope = TestEnvelopes.For() with { TraceParent = context.TraceParent, TraceState = context.TraceState };
            intakeSpan.SetAlert(envelope);
            message = AlertEnvelopeSerializer.Serialize(envelope);
        }

        // Act: a later queue invocation, in the host's own new trace, processes the message.
        ActivityContext queueInvocation;
        using (var invocation = _invocations.StartActivity("Invoke ProcessAlerts03", ActivityKind.Server))
        using (var processing = _tracing.StartProcessing(AlertEnvelopeSerializer.Deserialize(message)))
        {
            queueInvocation = invocation!.Context;
        }

        // Assert
        var spans = SpansOf(intake.TraceId);
        var intakeSpanExported = Assert.Single(spans, s => s.DisplayName == AlertTracing.IntakeSpanName);
        var processingSpan = Assert.Single(spans, s => s.DisplayName == AlertTracing.ProcessingSpanName);
        Assert.Equal(httpInvocation.SpanId, intakeSpanExported.ParentSpanId);
        Assert.Equal(intake.TraceId, processingSpan.TraceId);
        Assert.Equal(intake.SpanId, processingSpan.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, processingSpan.Kind);
        Assert.NotEqual(intake.TraceId, queueInvocation.TraceId);
        var link = Assert.Single(processingSpan.Links);
        Assert.Equal(queueInvocation, link.Context);
    }

    [Fact]
    public void Intake_and_processing_spans_are_tagged_with_the_alert_identity()
    {
        // Arrange
        var envelope = TestEnvelopes.For(ruleType: "read.completed", partition: 4);
        ActivityTraceId traceId;
        using (var intake = _tracing.StartIntake(envelope.ClientId))
        {
            traceId = intake!.TraceId;
            var context = PropagatedTraceContext.Current()!;
            envelope = envelope with { TraceParent = context.TraceParent };
            intake.SetAlert(envelope);
        }

        // Act
        using (var processing = _tracing.StartProcessing(envelope))
        {
            processing.SetOutcome(AlertOutcomes.Handled);
        }

        // Assert
        Assert.All(SpansOf(traceId), span =>
        {
            Assert.Equal(envelope.ClientId, span.GetTagItem(TelemetryTags.ClientId));
            Assert.Equal(envelope.DedupKey, span.GetTagItem(TelemetryTags.DedupKey));
            Assert.Equal(envelope.IngestionId, span.GetTagItem(TelemetryTags.IngestionId));
            Assert.Equal("read.completed", span.GetTagItem(TelemetryTags.RuleType));
            Assert.Equal("04", span.GetTagItem(TelemetryTags.Partition));
        });
        var processed = Assert.Single(SpansOf(traceId), s => s.DisplayName == AlertTracing.ProcessingSpanName);
        Assert.Equal(AlertOutcomes.Handled, processed.GetTagItem(TelemetryTags.Outcome));
        Assert.Equal(ActivityStatusCode.Unset, processed.Status);
    }

    [Fact]
    public void The_trace_state_travels_with_the_trace_parent()
    {
        // Arrange
        ActivityTraceId traceId;
        AlertEnvelope envelope;
        using (var invocation = _invocations.StartActivity("Invoke ReceiveAlert", ActivityKind.Server))
        {
            invocation!.TraceStateString = "vendor=abc";
            using var intake = _tracing.StartIntake("client-1");
            traceId = intake!.TraceId;
            var context = PropagatedTraceContext.Current()!;
            envelope = TestEnvelopes.For() with { TraceParent = context.TraceParent, TraceState = context.TraceState };
        }

        // Act
        using (var processing = _tracing.StartProcessing(envelope))
        {
        }

        // Assert
        var processingSpan = Assert.Single(SpansOf(traceId), s => s.DisplayName == AlertTracing.ProcessingSpanName);
        Assert.Equal("vendor=abc", processingSpan.TraceStateString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-traceparent")]
    public void Without_a_readable_trace_context_processing_is_a_child_of_the_queue_invocation(string? traceParent)
    {
        // Arrange
        var envelope = TestEnvelopes.For() with { TraceParent = traceParent };
        ActivityContext queueInvocation;

        // Act
        using (var invocation = _invocations.StartActivity("Invoke ProcessAlerts03", ActivityKind.Server))
        using (var processing = _tracing.StartProcessing(envelope))
        {
            queueInvocation = invocation!.Context;
        }

        // Assert
        var processingSpan = Assert.Single(SpansOf(queueInvocation.TraceId), s => s.DisplayName == AlertTracing.ProcessingSpanName);
        Assert.Equal(queueInvocation.SpanId, processingSpan.ParentSpanId);
        Assert.Empty(processingSpan.Links);
    }

    [Theory]
    [InlineData(AlertOutcomes.Failed, ActivityStatusCode.Error)]
    [InlineData(AlertOutcomes.Permanent, ActivityStatusCode.Error)]
    [InlineData(AlertOutcomes.Duplicate, ActivityStatusCode.Unset)]
    public void Failed_and_poisoned_outcomes_mark_the_processing_span_as_failed(string outcome, ActivityStatusCode status)
    {
        // Arrange
        var envelope = TestEnvelopes.For();
        ActivityTraceId traceId;

        // Act
        using (var processing = _tracing.StartProcessing(envelope))
        {
            traceId = processing!.TraceId;
            processing.SetOutcome(outcome);
        }

        // Assert
        Assert.Equal(status, Assert.Single(SpansOf(traceId)).Status);
    }

    [Theory]
    [InlineData(401, ActivityStatusCode.Unset)]
    [InlineData(503, ActivityStatusCode.Error)]
    public void Only_a_5xx_rejection_marks_the_intake_span_as_failed(int statusCode, ActivityStatusCode status)
    {
        // Arrange
        ActivityTraceId traceId;

        // Act
        using (var intake = _tracing.StartIntake(claimedClientId: "client-1"))
        {
            traceId = intake!.TraceId;
            intake.SetRejected(statusCode, "some-reason");
        }

        // Assert
        var span = Assert.Single(SpansOf(traceId));
        Assert.Equal(status, span.Status);
        Assert.Equal(statusCode, span.GetTagItem(TelemetryTags.StatusCode));
        Assert.Equal("some-reason", span.GetTagItem(TelemetryTags.RejectReason));
    }

    [Fact]
    public void No_trace_context_is_captured_when_no_span_is_running()
    {
        // Arrange
        Activity.Current = null;

        // Act
        var context = PropagatedTraceContext.Current();

        // Assert
        Assert.Null(context);
    }

    public void Dispose()
    {
        _tracerProvider.Dispose();
        _tracing.Dispose();
        _invocations.Dispose();
    }

    // Other test classes may emit on the same source at the same time: read only this test's traces.
    private List<Activity> SpansOf(ActivityTraceId traceId)
    {
        _tracerProvider.ForceFlush();
        return [.. _spans.Where(s => s.TraceId == traceId)];
    }
}
