using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using CodatAlerts.Functions.Telemetry;
using CodatAlerts.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// <c>AddCodatAlertsTelemetry</c> on a plain host builder (the Functions builder is one too). Exporters are configured
/// but never started: nothing here reaches the network.
/// </summary>
public sealed class TelemetryWiringTests
{
    // A syntactically valid connection string whose endpoints go nowhere.
    private const string ConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";

    [Fact]
    public void Without_an_exporter_the_primitives_are_registered_and_no_pipeline_is_built()
    {
        // Arrange
        var builder = Builder([]);

        // Act
        builder.AddCodatAlertsTelemetry();
        using var host = builder.Build();

        // Assert
        Assert.NotNull(host.Services.GetRequiredService<AlertMetrics>());
        Assert.NotNull(host.Services.GetRequiredService<AlertTracing>());
        Assert.NotNull(host.Services.GetRequiredService<QueueDepthSampler>());
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.False(host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities.ContainsKey("WorkerOpenTelemetryEnabled"));
    }

    [Fact]
    public void With_a_connection_string_every_trace_is_kept_and_ingestion_uses_the_managed_identity()
    {
        // Arrange
        var builder = Builder(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=8f7e3c7a-1111-2222-3333-444455556666;Authorization=AAD",
        });

        // Act
        builder.AddCodatAlertsTelemetry();
        using var host = builder.Build();

        // Assert
        var exporter = host.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        Assert.Equal(ConnectionString, exporter.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(exporter.Credential);
        Assert.Null(exporter.TracesPerSecond);
        Assert.Equal(1.0F, exporter.SamplingRatio);
        Assert.False(exporter.EnableTraceBasedLogsSampler);
        Assert.Equal("True", host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities["WorkerOpenTelemetryEnabled"]);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(TracerProvider));
    }

    [Fact]
    public void An_operator_sampler_setting_is_left_to_the_exporter()
    {
        // Arrange
        var builder = Builder(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["OTEL_TRACES_SAMPLER"] = "microsoft.rate_limited",
            ["OTEL_TRACES_SAMPLER_ARG"] = "2",
        });

        // Act
        builder.AddCodatAlertsTelemetry();
        using var host = builder.Build();

        // Assert
        var exporter = host.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        Assert.NotNull(exporter.TracesPerSecond);
    }

    [Fact]
    public void The_console_setting_builds_a_pipeline_without_Application_Insights()
    {
        // Arrange
        var builder = Builder(new() { ["Telemetry:Console"] = "true" });

        // Act
        builder.AddCodatAlertsTelemetry();
        using var host = builder.Build();

        // Assert
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName).ConnectionString);
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        builder.Services.AddMetrics();
        return builder;
    }
}
