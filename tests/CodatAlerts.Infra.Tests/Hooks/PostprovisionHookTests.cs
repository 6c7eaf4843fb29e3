using System.Text.RegularExpressions;

namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>What <c>scripts/hooks/postprovision.sh</c> does against a fake <c>az</c> (see <see cref="PostprovisionHookSandbox"/>).</summary>
public sealed partial class PostprovisionHookTests : IDisposable
{
    private readonly PostprovisionHookSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task It_creates_only_the_missing_secrets_and_never_overwrites_one()
    {
        // Arrange
        sandbox.VaultHolds("codat-authorization");

        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("codat-authorization codat-acme-authorization", "codat-signing-secret");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(["codat-acme-authorization", "codat-signing-secret"], sandbox.SecretsSet.Select(secret => secret.Name));
    }

    [Fact]
    public async Task The_generated_values_are_a_bearer_token_and_a_signing_secret_of_32_random_bytes_printed_once()
    {
        // Act
        var (exitCode, output, _) = await sandbox.RunAsync("codat-authorization", "codat-signing-secret");

        // Assert
        Assert.Equal(0, exitCode);
        var values = sandbox.SecretsSet.ToDictionary(secret => secret.Name, secret => secret.Value);
        var bearer = BearerToken().Match(values["codat-authorization"]);
        var signing = SigningSecret().Match(values["codat-signing-secret"]);
        Assert.True(bearer.Success, values["codat-authorization"]);
        Assert.True(signing.Success, values["codat-signing-secret"]);
        Assert.Equal(32, Convert.FromBase64String(bearer.Groups[1].Value.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal(32, Convert.FromBase64String(signing.Groups[1].Value).Length);
        Assert.All(values.Values, value => Assert.Single(Regex.Matches(output, Regex.Escape(value))));
        Assert.Contains("Settings > Webhooks > Security", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_values_never_appear_on_an_az_command_line()
    {
        // Act
        await sandbox.RunAsync("codat-authorization", "codat-signing-secret");

        // Assert
        Assert.NotEmpty(sandbox.SecretsSet);
        Assert.All(sandbox.SecretsSet, secret => Assert.DoesNotContain(sandbox.Calls, call => call.Contains(secret.Value, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task When_the_vault_cannot_be_listed_it_retries_then_stops_without_creating_anything()
    {
        // Act
        var (exitCode, _, error) = await sandbox.RunAsync("codat-authorization", "codat-signing-secret", vaultRefusesAccess: true);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Empty(sandbox.SecretsSet);
        Assert.Equal(2, sandbox.Calls.Count(call => call.StartsWith("keyvault secret list", StringComparison.Ordinal)));
        Assert.Contains("azd hooks run postprovision", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_creating_a_secret_it_restarts_the_app_and_syncs_its_triggers()
    {
        // Act
        await sandbox.RunAsync("codat-authorization", "");

        // Assert
        Assert.Contains($"functionapp restart --resource-group {PostprovisionHookSandbox.Group} --name {PostprovisionHookSandbox.App} --output none", sandbox.Calls);
        Assert.Contains(sandbox.Calls, call => call.StartsWith("rest --method post --url ", StringComparison.Ordinal)
            && call.Contains($"/sites/{PostprovisionHookSandbox.App}/syncfunctiontriggers?api-version=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_secret_exists_it_changes_nothing_and_does_not_restart()
    {
        // Arrange
        sandbox.VaultHolds("codat-authorization", "codat-signing-secret");

        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("codat-authorization", "codat-signing-secret");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Empty(sandbox.SecretsSet);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("functionapp restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_configured_clients_it_does_not_call_azure()
    {
        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("", "");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Empty(sandbox.Calls);
    }

    [GeneratedRegex(@"^Bearer ([A-Za-z0-9_-]{43})$")]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"^whsec_([A-Za-z0-9+/]{43}=)$")]
    private static partial Regex SigningSecret();
}
