using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using CodatAlerts.Processing;
using CodatAlerts.Processing.Handlers;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Storage;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodatAlerts.DependencyInjection;

/// <summary>Registers everything the app needs; the Functions host and the tests call the same method.</summary>
public static class CodatAlertsServiceCollectionExtensions
{
    public static IServiceCollection AddCodatAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<QueueingOptions>()
            .Bind(configuration.GetSection(QueueingOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                _ => StorageClientFactory.IsConfigured(configuration),
                $"Setting '{StorageClientFactory.ConnectionName}' is missing: set a connection string (Azurite locally) or " +
                $"'{StorageClientFactory.ConnectionName}__queueServiceUri' and '__blobServiceUri' with an identity (Azure).")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StorageClientFactory.CreateQueueServiceClient(configuration, QueueClientOptions(sp)));
        services.TryAddSingleton(sp => StorageClientFactory.CreateBlobServiceClient(configuration, BlobClientOptions(sp)));

        services.AddMetrics();
        services.AddAlertTelemetry();
        services.AddAlertAuthentication();
        services.TryAddSingleton<PartitionRouter>();
        services.TryAddSingleton<AlertQueues>();
        services.TryAddSingleton<IAlertEnqueuer, StorageAlertEnqueuer>();
        services.TryAddSingleton<AlertIntake>();

        services.AddAlertProcessing(configuration);
        services.AddAlertHandlers();
        services.AddAlertRecords();
        return services;
    }

    // The queue trigger decodes base64 by default (host.json messageEncoding), so the producer must encode the same way.
    private static QueueClientOptions QueueClientOptions(IServiceProvider services)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        ApplyRetry(options.Retry, services.GetRequiredService<IOptions<QueueingOptions>>().Value);
        return options;
    }

    private static BlobClientOptions BlobClientOptions(IServiceProvider services)
    {
        var options = new BlobClientOptions();
        ApplyRetry(options.Retry, services.GetRequiredService<IOptions<QueueingOptions>>().Value);
        return options;
    }

    // Short tries and few retries: the intake's whole storage budget must stay far below Codat's 15 s.
    private static void ApplyRetry(RetryOptions retry, QueueingOptions options)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = options.MaxRetries;
        retry.Delay = TimeSpan.FromMilliseconds(100);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = options.TryTimeout;
    }
}
