using Azure.Monitor.OpenTelemetry.Exporter;
using CodatAlerts.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CodatAlerts.Functions.Telemetry;

/// <summary>The worker's telemetry: the OpenTelemetry route to Application Insights (docs/telemetry.md says why).</summary>
public static class TelemetryHostBuilderExtensions
{
    // Read by the Azure Monitor exporter's own defaults; when an operator sets it, their sampler wins over ours.
    private const string SamplerSetting = "OTEL_TRACES_SAMPLER";

    /// <summary>
    /// Registers <see cref="AlertMetrics"/>, <see cref="AlertTracing"/> and <see cref="QueueDepthSampler"/>, and,
    /// when an exporter is configured, the OpenTelemetry pipeline that exports the <see cref="TelemetryNames.Source"/>
    /// meter and activity source, the worker's invocation spans and the logs.
    /// </summary>
    public static TBuilder AddCodatAlertsTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAlertTelemetry();

        var export = TelemetryExportOptions.From(builder.Configuration);
        if (!export.ExportsAnything)
        {
            // Nothing listens: spans are null and instruments are no-ops. UseFunctionsWorkerDefaults is left out on
            // purpose, because it tells the host to drop the worker's logs (which would then reach no one; see
            // Azure/azure-functions-dotnet-worker#3487), while without it they go to the host's console as usual.
            return builder;
        }

        // Validated here, at start-up: a negative budget is a typo, not a wish.
        var refusedPerMinute = builder.Configuration.GetValue(RefusedRequestSampler.Setting, RefusedRequestSampler.DefaultTracesPerMinute);
        if (refusedPerMinute < 0)
        {
            throw new InvalidOperationException($"{RefusedRequestSampler.Setting} must be 0 or more (refused-request traces kept per minute); it is {refusedPerMinute}.");
        }

        // The sampler is added before any exporter, so it has cleared a dropped span's Recorded flag by the time the
        // export processor looks at it.
        var otel = builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing
                .AddSource(TelemetryNames.Source)
                .AddProcessor(new RefusedRequestSampler(refusedPerMinute, TimeProvider.System)))
            .WithMetrics(metrics => metrics.AddMeter(TelemetryNames.Source))
            .WithLogging(configureBuilder: null, configureOptions: logging =>
            {
                // Scopes carry ClientId, DedupKey and RuleType into customDimensions (AlertLogScope).
                logging.IncludeScopes = true;
                logging.IncludeFormattedMessage = true;
                logging.ParseStateValues = true;
            });

        if (export.ConnectionString is { } connectionString)
        {
            var credential = ApplicationInsightsAuthentication.CredentialFrom(builder.Configuration[ApplicationInsightsAuthentication.SettingName]);
            var operatorChoseSampler = builder.Configuration[SamplerSetting] is not null;
            otel.UseAzureMonitorExporter(azureMonitor =>
            {
                azureMonitor.ConnectionString = connectionString;
                azureMonitor.Credential = credential;
                if (!operatorChoseSampler)
                {
                    // The exporter samples 5 traces per second by default and then drops the logs of unsampled traces.
                    // "What happened to alert X" needs every alert's spans and logs; webhook volumes afford it.
                    azureMonitor.TracesPerSecond = null;
                    azureMonitor.SamplingRatio = 1.0F;
                }

                azureMonitor.EnableTraceBasedLogsSampler = false;
            });
        }

        if (export.Console)
        {
            otel.WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter())
                .WithLogging(logging => logging.AddConsoleExporter());
        }

        return builder;
    }
}
