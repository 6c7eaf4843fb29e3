using CodatAlerts.Queueing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodatAlerts.Records;

public static class RecordsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the alert inspector: the record reader, the re-run and its counter. Expects the storage clients, an
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
        return services;
    }
}
