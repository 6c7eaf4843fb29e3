namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>
/// The postprovision hook registers the console's sign-in redirect URI (<c>https://{host}/api/console/</c>, a
/// single-page application URI) on the operators' app registration, against a fake <c>az</c> whose app registration
/// keeps the list the last Graph PATCH sent (see <see cref="PostprovisionHookSandbox"/>).
/// </summary>
public sealed class ConsoleRedirectHookTests : IDisposable
{
    private const string Redirect = $"https://{PostprovisionHookSandbox.App}.azurewebsites.net/api/console/";

    private readonly PostprovisionHookSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Two_runs_register_the_console_redirect_uri_once()
    {
        // Act
        var first = await sandbox.RunAsync("codat-authorization", "", operatorsClientId: PostprovisionHookSandbox.OperatorsClientId);
        var second = await sandbox.RunAsync("codat-authorization", "", operatorsClientId: PostprovisionHookSandbox.OperatorsClientId);

        // Assert
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal([Redirect], sandbox.SpaRedirectUris);
        Assert.Equal(["{\"spa\":{\"redirectUris\":[\"" + Redirect + "\"]}}"], sandbox.Patches);
        Assert.Contains($"rest --method patch --url https://graph.microsoft.com/v1.0/applications/{PostprovisionHookSandbox.AppObjectId}", sandbox.Calls.Single(call => call.StartsWith("rest --method patch", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("is registered", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_uris_already_registered_are_kept()
    {
        // Arrange: a developer's local SPA URI and another deployment's console.
        sandbox.AppRegistrationHas("http://localhost:7071/api/console/", "https://func-codat-other.azurewebsites.net/api/console/");

        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("codat-authorization", "", operatorsClientId: PostprovisionHookSandbox.OperatorsClientId);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(["http://localhost:7071/api/console/", "https://func-codat-other.azurewebsites.net/api/console/", Redirect], sandbox.SpaRedirectUris);
    }

    [Fact]
    public async Task Without_the_operators_app_registration_nothing_is_asked_of_entra_id()
    {
        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("codat-authorization", "");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("ad app", StringComparison.Ordinal) || call.StartsWith("rest --method patch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_codat_clients_the_redirect_uri_is_still_registered()
    {
        // Act
        var (exitCode, _, _) = await sandbox.RunAsync("", "", operatorsClientId: PostprovisionHookSandbox.OperatorsClientId);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal([Redirect], sandbox.SpaRedirectUris);
    }

    [Fact]
    public async Task An_app_registration_the_deployer_cannot_read_is_reported_and_the_secrets_are_still_created()
    {
        // Act
        var (exitCode, _, error) = await sandbox.RunAsync("codat-authorization", "", operatorsClientId: PostprovisionHookSandbox.OperatorsClientId, appRegistrationRefusesAccess: true);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Contains($"the console cannot sign anyone in until {Redirect} is a single-page application redirect URI", error, StringComparison.Ordinal);
        Assert.Equal(["codat-authorization"], sandbox.SecretsSet.Select(secret => secret.Name));
        Assert.Empty(sandbox.Patches);
    }
}
