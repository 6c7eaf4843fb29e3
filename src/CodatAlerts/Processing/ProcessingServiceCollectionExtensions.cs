using CodatAlerts.Journey;
using CodatAlerts.Replay;
using CodatAlerts.Telemetry;
using CodatAlerts.Queueing;
using CodatAlerts.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodatAlerts.Processing;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the queue side: options from <c>Alerts:Processing</c> (validated at start), the idempotency store,
    /// the processor, the poison replayer and sweeper and the telemetry they report to, with storage clients of their own
    /// (<see cref="ProcessingStorage"/>, from <c>AzureWebJobsStorage</c> and <c>Alerts:Processing:Storage</c>, unless one is
    /// registered already). Expects a <see cref="Azure.Storage.Blobs.BlobServiceClient"/> (the claim-check bodies), an
    /// <see cref="IAlertDispatcher"/> and an <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (every host has one)
    /// to be registered by the caller.
    /// </summary>
    public static IServiceCollection AddAlertProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProcessingOptions>()
            .Bind(configuration.GetSection(ProcessingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ProcessingStorageOptions>()
            .Bind(configuration.GetSection(ProcessingStorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ProcessingStorage.Create(configuration, sp.GetRequiredService<IOptions<ProcessingStorageOptions>>().Value));
        services.TryAddSingleton<LeaseOverrunMetrics>();
        services.AddAlertTelemetry();
        services.TryAddSingleton<IAlertJourney, NoAlertJourney>();
        services.TryAddSingleton<AlertRecordStore>();
        services.TryAddSingleton<AlertBodyLoader>();
        services.TryAddSingleton<AlertQueues>();
        services.TryAddSingleton<AlertProcessor>();
        services.TryAddSingleton<PoisonReplayer>();
        services.TryAddSingleton<HostPoisonSweeper>();
        return services;
    }
}
