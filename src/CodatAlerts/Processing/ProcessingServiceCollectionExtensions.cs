using CodatAlerts.Replay;
using CodatAlerts.Telemetry;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodatAlerts.Processing;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the queue side: options from <c>Alerts:Processing</c> (validated at start), the idempotency store,
    /// the processor, the poison replayer and the telemetry they report to. Expects singletons <see cref="Azure.Storage.Queues.QueueServiceClient"/>
    /// (base64 messages, as the trigger reads them), <see cref="Azure.Storage.Blobs.BlobServiceClient"/>, an
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
        services.TryAddSingleton(TimeProvider.System);
        services.AddAlertTelemetry();
        services.TryAddSingleton<AlertRecordStore>();
        services.TryAddSingleton<AlertBodyLoader>();
        services.TryAddSingleton<AlertQueues>();
        services.TryAddSingleton<AlertProcessor>();
        services.TryAddSingleton<PoisonReplayer>();
        return services;
    }
}
