using CodatAlerts.Journey;
using CodatAlerts.Queueing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodatAlerts.Records;

public static class RecordsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the alert inspector: the record reader, the re-run and its counter, the journey store and its reader. Expects the storage clients, an
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> and the queueing options (for the enqueuer it shares
    /// with the intake) to be registered by the caller.
    /// </summary>
    public static IServiceCollection AddAlertRecords(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AlertQueues>();
        services.TryAddSingleton<IAlertEnqueuer, StorageAlertEnqueuer>();
        services.TryAddSingleton<RecordMetrics>();
        services.TryAddSingleton<AlertRecordReader>();
        services.TryAddSingleton<AlertRerunner>();

        // The journey store replaces the processing side's no-op default (registered before this, with TryAdd).
        services.TryAddSingleton<JourneyMetrics>();
        services.TryAddSingleton<BlobAlertJourney>();
        services.Replace(ServiceDescriptor.Singleton<IAlertJourney>(sp => sp.GetRequiredService<BlobAlertJourney>()));
        services.TryAddSingleton<AlertJourneyReader>();
        services.TryAddSingleton<Operations.OperatorAudit>();
        services.TryAddSingleton<Poison.PoisonListing>();
        services.TryAddSingleton<Poison.PoisonCloser>();
        services.TryAddSingleton<Overview.OverviewReader>();

        // Background operator operations (bulk re-run, replay): status blobs, their queue, the starter and the runner.
        services.TryAddSingleton<Operations.Background.OperationStore>();
        services.TryAddSingleton<Operations.Background.OperationMessages>();
        services.TryAddSingleton<Operations.Background.OperationStarter>();
        services.TryAddSingleton<Operations.Background.RerunPreview>();
        services.TryAddSingleton<Operations.Background.OperatorOperationRunner>();
        return services;
    }
}
