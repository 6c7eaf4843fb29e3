using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests;

[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class SecretsTests(CompiledInfrastructure infrastructure)
{
    private static readonly string[] SecretWords = ["secret", "password", "key", "token", "connectionstring"];

    [Fact]
    public void Every_credential_setting_is_a_key_vault_reference()
    {
        // Arrange
        var credentials = infrastructure.Configured.AppSettings.Where(setting => SecretMarkers.IsCredentialSetting(setting.Key)).ToList();

        // Act
        var plain = credentials.Where(setting => !SecretMarkers.IsKeyVaultReference(setting.Value)).Select(setting => setting.Key);

        // Assert
        Assert.NotEmpty(credentials);
        Assert.Empty(plain);
    }

    [Fact]
    public void No_app_setting_value_holds_a_secret_key_or_connection_string()
    {
        // Arrange
        var settings = infrastructure.Default.AppSettings.Concat(infrastructure.Configured.AppSettings);

        // Act
        var leaking = settings.Where(setting => SecretMarkers.LooksSecret(setting.Value)).Select(setting => setting.Key);

        // Assert
        Assert.Empty(leaking);
    }

    [Fact]
    public void The_template_reads_no_key_with_a_list_function()
    {
        // Arrange
        var template = infrastructure.TemplateText;

        // Act
        var readsKeys = SecretMarkers.CallsListFunction(template);

        // Assert
        Assert.False(readsKeys, "A list*() call puts a key into the deployment; reach the resource with the identity instead.");
    }

    [Fact]
    public void No_parameter_default_holds_a_secret()
    {
        // Arrange
        var defaults = ArmTemplates.Parameters(infrastructure.Template)
            .Where(parameter => parameter.Value.ContainsKey("defaultValue"))
            .Select(parameter => (parameter.Key, Default: parameter.Value["defaultValue"]!.ToJsonString()));

        // Act
        var secret = defaults.Where(parameter => SecretMarkers.LooksSecret(parameter.Default)).Select(parameter => parameter.Key);

        // Assert
        Assert.Empty(secret);
    }

    [Fact]
    public void No_parameter_value_in_main_bicepparam_holds_a_secret()
    {
        // Arrange
        var values = infrastructure.Parameters.Select(parameter => (parameter.Key, Value: parameter.Value!.ToJsonString()));

        // Act
        var secret = values.Where(parameter => SecretMarkers.LooksSecret(parameter.Value)).Select(parameter => parameter.Key);

        // Assert
        Assert.Empty(secret);
    }

    [Fact]
    public void A_parameter_named_for_a_secret_is_secure()
    {
        // Arrange: string parameters such as codatSecret or storageKey (keyVaultName names the vault: not secret).
        var named = ArmTemplates.Parameters(infrastructure.Template)
            .Where(parameter => SecretWords.Any(word => parameter.Key.Contains(word, StringComparison.OrdinalIgnoreCase))
                && !parameter.Key.StartsWith("keyVault", StringComparison.OrdinalIgnoreCase));

        // Act
        var plain = named
            .Where(parameter => (string?)parameter.Value["type"] is "string" or "object")
            .Select(parameter => parameter.Key);

        // Assert
        Assert.Empty(plain);
    }

    [Fact]
    public void No_output_holds_a_secret_or_connection_string()
    {
        // Arrange
        var outputs = ArmTemplates.Outputs(infrastructure.Template)
            .Select(output => (output.Key, Type: (string?)output.Value["type"] ?? "", Value: output.Value["value"]?.ToJsonString() ?? ""));

        // Act
        var leaking = outputs
            .Where(output => output.Type.StartsWith("secure", StringComparison.OrdinalIgnoreCase)
                || output.Value.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
                || SecretMarkers.LooksSecret(output.Value))
            .Select(output => output.Key);

        // Assert
        Assert.NotEmpty(outputs);
        Assert.Empty(leaking);
    }

    [Fact]
    public void The_key_vault_authorizes_with_azure_rbac()
    {
        // Arrange
        var vault = DeploymentSnapshot.Properties(infrastructure.Default.Single(ResourceTypes.KeyVault));

        // Act
        var rbac = (bool?)vault["enableRbacAuthorization"];

        // Assert
        Assert.True(rbac);
    }
}
