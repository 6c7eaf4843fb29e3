using Azure.Storage.Queues;
using CodatAlerts.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace CodatAlerts.Telemetry;

/// <summary>Registers the telemetry primitives the intake and the processor call.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AlertMetrics"/>, <see cref="AlertTracing"/> and <see cref="QueueDepthSampler"/> as singletons.
    /// Needs an <see cref="IMeterFactory"/> (every .NET host registers one) and the <c>AzureWebJobsStorage</c> setting.
    /// </summary>
    public static IServiceCollection AddAlertTelemetry(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions();
        services.TryAddSingleton<AlertMetrics>();
        services.TryAddSingleton<AlertTracing>();

        // The sampler gets a client of its own, with short tries and no retries: it runs again in a minute anyway, and
        // it must not share options (such as message encoding) with the clients that write and read alerts.
        services.TryAddSingleton(sp => new QueueDepthSampler(
            StorageClientFactory.CreateQueueServiceClient(sp.GetRequiredService<IConfiguration>(), SamplerClientOptions()),
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<QueueDepthSampler>>()));
        return services;
    }

    private static QueueClientOptions SamplerClientOptions()
    {
        var options = new QueueClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
