using CodatAlerts.ConsoleTests.Browser;
using CodatAlerts.ConsoleTests.Hosting;
using CodatAlerts.Tests.Operators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.Playwright;

namespace CodatAlerts.ConsoleTests;

/// <summary>
/// The console where Entra ID is configured (the app as in Azure, its tenant a loopback stand-in that signs real
/// tokens): no credential is refused, a token without an app role is refused, a reader sees no bodies and no actions.
/// Each caller's token reaches the API as the <c>Authorization</c> header on every request, as a script would send it.
/// </summary>
[Collection("Console")]
public sealed class AccessTests(ConsoleFixture fixture) : IAsyncLifetime, IDisposable
{
    private readonly TestTenant _tenant = new();
    private ConsoleApp? _app;

    private ConsoleApp App => _app!;

    public async Task InitializeAsync() =>
        _app = await ConsoleApp.StartAsync(
            fixture.Azurite,
            reset: false,
            services => services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(_tenant.Metadata),
            ("Operators:EntraId:TenantId", TestTenant.TenantId),
            ("Operators:EntraId:ClientId", TestTenant.ClientId));

    [Fact]
    public async Task A_caller_who_is_not_signed_in_is_refused_and_offered_the_sign_in()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);

        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/alerts"), "refused");

        Assert.Equal("Sign in required", await tab.Page.Locator("[data-testid=refused] h1").TextContentAsync());
        Assert.Equal(1, await tab.Page.Locator("[data-testid=sign-in]").CountAsync());
        Assert.Equal(0, await tab.Page.Locator("[data-testid=alerts-table]").CountAsync());
        Assert.Equal(["GET /api/ops/me"], App.Server.Requests.Where(r => !r.Contains("/api/console/", StringComparison.Ordinal)));
        using var records = await App.Http.GetAsync("/api/records");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, records.StatusCode);
        await tab.ScreenshotAsync("refused");
    }

    [Fact]
    public async Task A_token_without_an_app_role_is_refused()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        await tab.Page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + _tenant.AccessToken() });

        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/overview"), "refused");

        Assert.Equal("Not allowed", await tab.Page.Locator("[data-testid=refused] h1").TextContentAsync());
        Assert.Equal(0, await tab.Page.Locator("[data-testid=sign-in]").CountAsync());
    }

    [Fact]
    public async Task A_reader_sees_the_alert_but_neither_its_body_nor_any_action()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        await tab.Page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + _tenant.AccessToken("Alerts.Reader") });

        await tab.GoAsync(new Uri(App.ConsoleUrl + $"#/alert/{Seed.ClientA}/{Seed.XssKey}"), "alert");

        Assert.Contains("Reader", await tab.Page.Locator("[data-testid=who]").TextContentAsync());
        Assert.Equal(0, await tab.Page.Locator("[data-testid=body]").CountAsync());
        Assert.Equal(0, await tab.Page.Locator("[data-testid=rerun]").CountAsync());
        Assert.Contains("Alerts.Operator", await tab.Page.Locator("main").InnerTextAsync());
        Assert.DoesNotContain(App.Server.Requests, r => r.EndsWith("/body", StringComparison.Ordinal));
        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/poison"), "poison");
        Assert.Equal(0, await tab.Page.Locator("[data-testid=replay]").CountAsync());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _tenant.Dispose();
}
