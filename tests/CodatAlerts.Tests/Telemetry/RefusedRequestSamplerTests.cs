using System.Diagnostics;
using System.Net;
using CodatAlerts.Functions.Telemetry;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// Under a flood of refused requests the exported traces stay within the budget, while every accepted alert's trace
/// is exported. Real intake (IntakeHost), a real tracer provider, the sampler registered before an in-memory exporter
/// as in TelemetryHostBuilderExtensions; the spans counted are the ones the exporter received.
/// </summary>
[Collection(OpenTelemetryTracingCollection.Name)]
public sealed class RefusedRequestSamplerTests : IDisposable
{
    private const int Budget = 3;

    private readonly ActivitySource _invocations = new("CodatAlerts.Tests.RefusedRequestSampler");
    private readonly LockedCollection<Activity> _exported = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly TracerProvider _tracerProvider;

    public RefusedRequestSamplerTests()
    {
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(TelemetryNames.Source, _invocations.Name)
            .AddProcessor(new RefusedRequestSampler(Budget, _time))
            .AddInMemoryExporter(_exported)
            .Build();
    }

    [Fact]
    public async Task A_flood_of_refused_requests_exports_only_the_budget_while_every_accepted_alert_is_exported()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act: 20 requests without credentials (401), then 5 good alerts.
        for (var i = 0; i < 20; i++)
        {
            await InvokeAsync(host, CodatSamples.WithFreshId(CodatSamples.Legacy["06-push-operation-status-changed"]), authorized: false, HttpStatusCode.Unauthorized);
        }

        for (var i = 0; i < 5; i++)
        {
            await InvokeAsync(host, CodatSamples.WithFreshId(CodatSamples.Legacy["06-push-operation-status-changed"]), authorized: true, HttpStatusCode.Accepted);
        }

        // Assert
        _tracerProvider.ForceFlush();
        var intakeSpans = _exported.Where(span => span.OperationName == AlertTracing.IntakeSpanName).ToList();
        Assert.Equal(Budget, intakeSpans.Count(span => Equals(span.GetTagItem(TelemetryTags.StatusCode), 401)));
        Assert.Equal(5, intakeSpans.Count(span => span.GetTagItem(TelemetryTags.StatusCode) is null));
        // The invocation spans follow their intake span: budget + accepted, never the dropped ones.
        Assert.Equal(Budget + 5, _exported.Count(span => span.Source.Name == _invocations.Name));
    }

    [Fact]
    public async Task The_budget_is_per_minute()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        for (var minute = 0; minute < 2; minute++)
        {
            for (var i = 0; i < Budget + 2; i++)
            {
                await InvokeAsync(host, CodatSamples.WithFreshId(CodatSamples.Legacy["06-push-operation-status-changed"]), authorized: false, HttpStatusCode.Unauthorized);
            }

            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // Assert
        _tracerProvider.ForceFlush();
        Assert.Equal(2 * Budget, _exported.Count(span => span.OperationName == AlertTracing.IntakeSpanName));
    }

    public void Dispose()
    {
        _tracerProvider.Dispose();
        _invocations.Dispose();
    }

    private async Task InvokeAsync(IntakeHost host, string body, bool authorized, HttpStatusCode expected)
    {
        using var invocation = _invocations.StartActivity("Invoke ReceiveAlert", ActivityKind.Server);
        var response = authorized
            ? await host.PostAsync(body, ("X-Codat-ClientId", IntakeHost.ClientA), ("Authorization", IntakeHost.TokenA))
            : await host.PostAsync(body, ("X-Codat-ClientId", IntakeHost.ClientA));
        Assert.Equal(expected, response.StatusCode);
    }
}
