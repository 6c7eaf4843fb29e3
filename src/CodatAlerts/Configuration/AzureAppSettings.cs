using System.Globalization;
using CodatAlerts.Intake;
using CodatAlerts.Storage;

namespace CodatAlerts.Configuration;

/// <summary>
/// The app settings the app reads when it runs in Azure, named as app settings (<c>Section__Key</c>).
/// <c>infra/main.bicep</c> sets them, and <c>tests/CodatAlerts.Infra.Tests</c> fails when the compiled template
/// misses one. Names are built from the option types, so renaming a property moves the setting with it.
/// </summary>
public static class AzureAppSettings
{
    private const string Storage = StorageClientFactory.ConnectionName;

    // Clients are a list, not a map keyed by client ID: Linux app-setting names cannot hold a GUID's hyphens.
    private const string Clients = IntakeOptions.SectionName + "__" + nameof(IntakeOptions.Clients);
    private const string DefaultClient = IntakeOptions.SectionName + "__" + nameof(IntakeOptions.DefaultClient);

    /// <summary><c>managedidentity</c>: the host and the app reach storage with the managed identity.</summary>
    public const string StorageCredential = Storage + "__credential";

    /// <summary>Client ID of the user-assigned identity to use for storage.</summary>
    public const string StorageClientId = Storage + "__clientId";

    /// <summary>Blob endpoint: the host's leases, the claim-check bodies and the alert records.</summary>
    public const string StorageBlobServiceUri = Storage + "__blobServiceUri";

    /// <summary>Queue endpoint: the partition queues and the queue triggers.</summary>
    public const string StorageQueueServiceUri = Storage + "__queueServiceUri";

    /// <summary>Where telemetry goes. Not a credential when the component accepts Entra ID ingestion only.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>ClientId=&lt;identity client id&gt;;Authorization=AAD</c>: telemetry is sent with the identity.</summary>
    public const string ApplicationInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary><c>Alerts__DefaultClient__Require</c>.</summary>
    public const string DefaultClientRequire = DefaultClient + "__" + nameof(ClientCredentialsOptions.Require);

    /// <summary>The settings every deployment carries, whatever its Codat clients.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        StorageCredential,
        StorageClientId,
        StorageBlobServiceUri,
        StorageQueueServiceUri,
        ApplicationInsightsConnectionString,
        ApplicationInsightsAuthenticationString,
    ];

    /// <summary><c>Alerts__Clients__{client}__ClientId</c>.</summary>
    public static string ClientId(int client) => Client(client, nameof(ClientCredentialsOptions.ClientId));

    /// <summary><c>Alerts__Clients__{client}__Partition</c>.</summary>
    public static string ClientPartition(int client) => Client(client, nameof(ClientCredentialsOptions.Partition));

    /// <summary><c>Alerts__Clients__{client}__Require</c>.</summary>
    public static string ClientRequire(int client) => Client(client, nameof(ClientCredentialsOptions.Require));

    /// <summary><c>Alerts__Clients__{client}__Authorization__{index}</c>.</summary>
    public static string ClientAuthorization(int client, int index) =>
        Indexed(Client(client, nameof(ClientCredentialsOptions.Authorization)), index);

    /// <summary><c>Alerts__Clients__{client}__SigningSecrets__{index}</c>.</summary>
    public static string ClientSigningSecret(int client, int index) =>
        Indexed(Client(client, nameof(ClientCredentialsOptions.SigningSecrets)), index);

    /// <summary><c>Alerts__DefaultClient__Authorization__{index}</c>.</summary>
    public static string DefaultClientAuthorization(int index) =>
        Indexed(DefaultClient + "__" + nameof(ClientCredentialsOptions.Authorization), index);

    /// <summary><c>Alerts__DefaultClient__SigningSecrets__{index}</c>.</summary>
    public static string DefaultClientSigningSecret(int index) =>
        Indexed(DefaultClient + "__" + nameof(ClientCredentialsOptions.SigningSecrets), index);

    private static string Client(int client, string key) =>
        Indexed(Clients, client) + "__" + key;

    private static string Indexed(string prefix, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}__{index}");
    }
}
