using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace CodatAlerts.Storage;

/// <summary>
/// Builds storage clients from the same <c>AzureWebJobsStorage</c> setting the Functions host reads for its queue
/// triggers, so the intake enqueues into exactly the account the triggers listen to. Two forms, as the host accepts:
/// a connection string (Azurite locally), or the identity-based form
/// (<c>AzureWebJobsStorage__queueServiceUri</c>, <c>__blobServiceUri</c>, <c>__credential=managedidentity</c>,
/// <c>__clientId</c>) used in Azure.
/// </summary>
public static class StorageClientFactory
{
    /// <summary>The setting both the host and this app read.</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration, QueueClientOptions options)
    {
        WithoutSdkDiagnostics(options);
        var section = configuration.GetSection(ConnectionName);
        return section.Value is { Length: > 0 } connectionString
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(ServiceUri(section, "queue"), Credential(section), options);
    }

    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration, BlobClientOptions options)
    {
        WithoutSdkDiagnostics(options);
        var section = configuration.GetSection(ConnectionName);
        return section.Value is { Length: > 0 } connectionString
            ? new BlobServiceClient(connectionString, options)
            : new BlobServiceClient(ServiceUri(section, "blob"), Credential(section), options);
    }

    // Per-request SDK logging and spans cost CPU on every storage call and duplicate the app's own telemetry (the
    // exporter never subscribes to the Azure.* sources); the app logs every storage failure itself (docs/performance.md).
    private static void WithoutSdkDiagnostics(ClientOptions options)
    {
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
    }

    /// <summary>Whether the setting is present in either form; validated at start-up.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConnectionName);
        return section.Value is { Length: > 0 }
            || (section["queueServiceUri"] is { Length: > 0 } && section["blobServiceUri"] is { Length: > 0 })
            || section["accountName"] is { Length: > 0 };
    }

    private static Uri ServiceUri(IConfigurationSection section, string service)
    {
        if (section[$"{service}ServiceUri"] is { Length: > 0 } uri)
        {
            return new Uri(uri);
        }

        if (section["accountName"] is { Length: > 0 } account)
        {
            return new Uri($"https://{account}.{service}.core.windows.net");
        }

        throw new InvalidOperationException(
            $"Setting '{ConnectionName}' is missing: give a connection string, or '{ConnectionName}__{service}ServiceUri' with an identity.");
    }

    // The host's rule: credential=managedidentity uses the managed identity (a user-assigned one when clientId is set);
    // otherwise the default chain, which covers a developer signed in with the Azure CLI.
    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrEmpty(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
