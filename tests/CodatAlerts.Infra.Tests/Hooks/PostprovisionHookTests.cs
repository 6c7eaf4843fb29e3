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
    public async Task The_generated_values_are_a_bearer_token_and_a_signing_secret_of_32_random_bytes()
    {
        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("codat-authorization", "codat-signing-secret");

        // Assert
        Assert.Equal(0, exitCode);
        var values = sandbox.SecretsSet.ToDictionary(secret => secret.Name, secret => secret.Value);
        var bearer = BearerToken().Match(values["codat-authorization"]);
        var signing = SigningSecret().Match(values["codat-signing-secret"]);
        Assert.True(bearer.Success, values["codat-authorization"]);
        Assert.True(signing.Success, values["codat-signing-secret"]);
        Assert.Equal(32, Convert.FromBase64String(bearer.Groups[1].Value.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal(32, Convert.FromBase64String(signing.Groups[1].Value).Length);
    }

    [Fact]
    public async Task Off_a_terminal_no_secret_value_is_printed_only_the_command_that_reads_the_authorization_value()
    {
        // Act: the sandbox's output is a pipe, as in CI or a redirected azd.
        var (exitCode, output, error) = await sandbox.RunAsync("codat-authorization", "codat-signing-secret");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.All(sandbox.SecretsSet, secret => Assert.DoesNotContain(secret.Value[^20..], output + error, StringComparison.Ordinal));
        Assert.Contains($"az keyvault secret show --subscription {PostprovisionHookSandbox.Subscription} --vault-name {PostprovisionHookSandbox.Vault} --name codat-authorization", output, StringComparison.Ordinal);
        Assert.Contains("Settings > Webhooks > Security", output, StringComparison.Ordinal);
        Assert.Contains("scripts/refresh-secrets.sh codat-signing-secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_terminal_the_authorization_value_is_shown_once_and_the_signing_placeholder_never()
    {
        // Act: script(1) gives the hook a terminal.
        var (exitCode, output, _) = await sandbox.RunOnTerminalAsync("codat-authorization", "codat-signing-secret");

        // Assert
        Assert.Equal(0, exitCode);
        var values = sandbox.SecretsSet.ToDictionary(secret => secret.Name, secret => secret.Value);
        Assert.Single(Regex.Matches(output, Regex.Escape(values["codat-authorization"])));
        Assert.DoesNotContain(values["codat-signing-secret"][^20..], output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_that_exists_under_another_case_is_not_created_again()
    {
        // Arrange: Key Vault names are case-insensitive.
        sandbox.VaultHolds("Codat-Authorization");

        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("codat-authorization", "");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Empty(sandbox.SecretsSet);
    }

    [Fact]
    public async Task It_stops_before_touching_the_vault_when_signed_in_as_another_identity()
    {
        // Act
        var (exitCode, _, error) = await sandbox.RunAsync("codat-authorization", "", signedInAs: "99999999-0000-0000-0000-000000000000");

        // Assert
        Assert.Equal(1, exitCode);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("keyvault", StringComparison.Ordinal));
        Assert.Contains(PostprovisionHookSandbox.Principal, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_azure_call_names_the_subscription_azd_deployed_to()
    {
        // Act
        await sandbox.RunAsync("codat-authorization", "codat-signing-secret");

        // Assert: az rest takes the subscription from the resource ID it is given.
        Assert.All(
            sandbox.Calls.Where(call => !call.StartsWith("rest ", StringComparison.Ordinal) && !call.StartsWith("ad ", StringComparison.Ordinal)),
            call => Assert.Contains($"--subscription {PostprovisionHookSandbox.Subscription}", call, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_alert_email_it_says_so_loudly()
    {
        // Act
        var (_, _, error) = await sandbox.RunAsync("", "", alertEmail: "");

        // Assert
        Assert.Contains("no alert e-mail is set", error, StringComparison.Ordinal);
        Assert.Contains("azd env set ALERT_EMAIL", error, StringComparison.Ordinal);
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
    public async Task After_creating_a_secret_it_refreshes_the_references_waits_until_they_resolve_then_restarts_and_syncs()
    {
        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("codat-authorization", "");

        // Assert: refresh, then the status poll, then the restart, then the trigger sync, in that order.
        Assert.Equal(0, exitCode);
        var calls = sandbox.Calls.ToList();
        var refresh = calls.FindIndex(call => call.StartsWith("rest --method post", StringComparison.Ordinal) && call.Contains("/config/configreferences/appsettings/refresh?", StringComparison.Ordinal));
        var poll = calls.FindIndex(call => call.StartsWith("rest --method get", StringComparison.Ordinal) && call.Contains("/config/configreferences/appsettings?", StringComparison.Ordinal));
        var restart = calls.IndexOf($"functionapp restart --subscription {PostprovisionHookSandbox.Subscription} --resource-group {PostprovisionHookSandbox.Group} --name {PostprovisionHookSandbox.App} --output none");
        var sync = calls.FindIndex(call => call.StartsWith("rest --method post", StringComparison.Ordinal) && call.Contains($"/sites/{PostprovisionHookSandbox.App}/syncfunctiontriggers?api-version=", StringComparison.Ordinal));
        Assert.True(refresh >= 0 && refresh < poll && poll < restart && restart < sync, string.Join('\n', calls));
    }

    [Fact]
    public async Task When_a_reference_stays_unresolved_it_prints_its_status_does_not_restart_and_says_what_to_run()
    {
        // Act
        var (exitCode, _, error) = await sandbox.RunAsync("codat-authorization", "", unresolvedReference: "Codat__DefaultClient__Authorization__0");

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal(3, sandbox.Calls.Count(call => call.StartsWith("rest --method get", StringComparison.Ordinal)));
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("functionapp restart", StringComparison.Ordinal));
        Assert.Contains("Codat__DefaultClient__Authorization__0\tKeyVaultSecretNotFound", error, StringComparison.Ordinal);
        Assert.Contains("scripts/refresh-secrets.sh", error, StringComparison.Ordinal);
        Assert.Contains("azd deploy", error, StringComparison.Ordinal);
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
