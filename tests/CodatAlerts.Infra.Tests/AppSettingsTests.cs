using CodatAlerts.Configuration;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests;

[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class AppSettingsTests(CompiledInfrastructure infrastructure)
{
    [Fact]
    public void Every_setting_the_app_reads_in_Azure_is_in_the_template()
    {
        // Arrange
        var settings = infrastructure.Default.AppSettings;

        // Act
        var missing = AzureAppSettings.Required.Where(name => !settings.ContainsKey(name));

        // Assert
        Assert.Empty(missing);
    }

    [Fact]
    public void Storage_is_reached_with_the_user_assigned_identity()
    {
        // Arrange
        var settings = infrastructure.Default.AppSettings;
        var identityId = (string)infrastructure.Default.AppIdentity["id"]!;

        // Act
        var clientId = settings[AzureAppSettings.StorageClientId];

        // Assert
        Assert.Equal("managedidentity", settings[AzureAppSettings.StorageCredential]);
        Assert.Equal($"[reference('{identityId}', '2024-11-30').clientId]", clientId);
        Assert.EndsWith(".primaryEndpoints.blob]", settings[AzureAppSettings.StorageBlobServiceUri], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.queue]", settings[AzureAppSettings.StorageQueueServiceUri], StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_is_sent_with_the_identity_rather_than_the_instrumentation_key()
    {
        // Arrange
        var identityId = (string)infrastructure.Default.AppIdentity["id"]!;

        // Act
        var authentication = infrastructure.Default.AppSettings[AzureAppSettings.ApplicationInsightsAuthenticationString];

        // Assert
        Assert.Equal($"[format('ClientId={{0}};Authorization=AAD', reference('{identityId}', '2024-11-30').clientId)]", authentication);
    }

    [Fact]
    public void Listed_clients_become_indexed_settings_with_their_partition_and_requirement()
    {
        // Arrange
        var settings = infrastructure.Configured.AppSettings;

        // Act
        var pinned = (settings[AzureAppSettings.ClientId(0)], settings[AzureAppSettings.ClientPartition(0)], settings[AzureAppSettings.ClientRequire(0)]);
        var hashed = settings[AzureAppSettings.ClientId(1)];

        // Assert
        Assert.Equal((ConfiguredDeployment.PinnedClientId, "3", "Both"), pinned);
        Assert.Equal(ConfiguredDeployment.HashedClientId, hashed);
        Assert.False(settings.ContainsKey(AzureAppSettings.ClientPartition(1)), "An unpinned client must be hashed, not pinned.");
        Assert.False(settings.ContainsKey(AzureAppSettings.ClientRequire(1)), "An absent requirement must keep the app's default.");
        Assert.False(settings.ContainsKey(AzureAppSettings.ClientId(2)), "Only the listed clients are configured.");
    }

    [Fact]
    public void Client_credentials_are_key_vault_references_to_the_named_secrets()
    {
        // Arrange
        var settings = infrastructure.Configured.AppSettings;
        var vault = DeploymentSnapshot.LeafName(infrastructure.Configured.Single(ResourceTypes.KeyVault));
        string Reference(string secretName) => $"@Microsoft.KeyVault(VaultName={vault};SecretName={secretName})";

        // Act
        var expected = new Dictionary<string, string>
        {
            [AzureAppSettings.ClientAuthorization(0, 0)] = Reference(ConfiguredDeployment.PinnedAuthorizationSecrets[0]),
            [AzureAppSettings.ClientAuthorization(0, 1)] = Reference(ConfiguredDeployment.PinnedAuthorizationSecrets[1]),
            [AzureAppSettings.ClientSigningSecret(0, 0)] = Reference(ConfiguredDeployment.PinnedSigningSecrets[0]),
            [AzureAppSettings.ClientSigningSecret(1, 0)] = Reference(ConfiguredDeployment.HashedSigningSecrets[0]),
            [AzureAppSettings.DefaultClientAuthorization(0)] = Reference(ConfiguredDeployment.DefaultAuthorizationSecrets[0]),
        };
        var credentialSettings = settings.Where(setting => SecretMarkers.IsCredentialSetting(setting.Key));

        // Assert
        Assert.Equal(expected.OrderBy(pair => pair.Key), credentialSettings.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void The_default_client_keeps_its_requirement()
    {
        // Arrange
        var settings = infrastructure.Configured.AppSettings;

        // Act
        var requirement = settings[AzureAppSettings.DefaultClientRequire];

        // Assert
        Assert.Equal("Authorization", requirement);
    }

    [Fact]
    public void The_committed_parameters_accept_a_default_client_by_authorization_or_signature()
    {
        // Arrange
        var settings = infrastructure.Default.AppSettings;

        // Act
        var names = settings.Keys.Where(name => name.StartsWith("Alerts__DefaultClient__", StringComparison.Ordinal)).Order();

        // Assert
        Assert.Equal([AzureAppSettings.DefaultClientAuthorization(0), AzureAppSettings.DefaultClientSigningSecret(0)], names);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("AzureWebJobsStorage")]
    public void A_setting_that_Flex_Consumption_rejects_or_that_would_carry_a_key_is_absent(string name)
    {
        // Arrange
        var settings = infrastructure.Configured.AppSettings;

        // Act
        var present = settings.ContainsKey(name);

        // Assert
        Assert.False(present, $"{name} must not be set on a Flex Consumption app that reaches storage by identity.");
    }

    [Fact]
    public void Operators_are_admitted_by_entra_id_tokens_of_the_registered_app_and_never_by_a_function_key_by_default()
    {
        // Arrange: names fixed in CONTRACTS.md; the app (auth helper) validates issuer, audience, signature and role.
        var settings = infrastructure.Configured.AppSettings;
        var declaration = infrastructure.Template["parameters"]!["allowFunctionKeys"]!;

        // Act
        var entra = (settings["Operators__EntraId__ClientId"], settings["Operators__EntraId__TenantId"], settings["Operators__EntraId__Instance"]);

        // Assert
        Assert.Equal((ConfiguredDeployment.OperatorsClientId, DeploymentScope.Test.TenantId, "[environment().authentication.loginEndpoint]"), entra);
        Assert.False((bool?)declaration["defaultValue"]);
        Assert.Equal("False", settings["Operators__AllowFunctionKeys"], ignoreCase: true);
        Assert.Equal("False", infrastructure.Default.AppSettings["Operators__AllowFunctionKeys"], ignoreCase: true);
    }

    [Fact]
    public void The_trace_link_template_is_written_only_when_given()
    {
        // Act
        var configured = infrastructure.Configured.AppSettings.GetValueOrDefault("Operators__TraceLinkTemplate");
        var byDefault = infrastructure.Default.AppSettings.ContainsKey("Operators__TraceLinkTemplate");

        // Assert: an empty value would fail the app's start-up check, so none is written.
        Assert.Equal(ConfiguredDeployment.TraceLinkTemplate, configured);
        Assert.False(byDefault);
    }

    [Fact]
    public void Without_an_app_registration_no_entra_setting_is_written()
    {
        // Act
        var names = infrastructure.Default.AppSettings.Keys.Where(name => name.StartsWith("Operators__EntraId__", StringComparison.Ordinal));

        // Assert: the app then answers operator calls from nobody in Azure (CONTRACTS.md).
        Assert.Empty(names);
    }

    [Fact]
    public void Refused_request_traces_are_sampled_with_the_budget_the_app_reads()
    {
        // Act
        var budget = infrastructure.Default.AppSettings["Telemetry__RefusedTracesPerMinute"];

        // Assert: the name the app reads (RefusedRequestSampler.Setting, ':' as '__'), a bounded default.
        Assert.Equal("60", budget);
    }
}
