using System.Net;
using System.Text.Json;
using CodatAlerts.ConsoleTests.Browser;
using CodatAlerts.ConsoleTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CodatAlerts.ConsoleTests;

/// <summary>
/// The console's own Entra ID sign-in (auth.js: authorization code flow with PKCE as a single-page application), in
/// chromium, against <see cref="FakeEntraAuthority"/> on loopback and the app configured for it as in Azure
/// (<c>Operators__EntraId__Instance</c> pointing at the stand-in). The only test-host override is the app's metadata
/// reader trusting the stand-in's self-signed certificate.
/// </summary>
[Collection("Console")]
public sealed class SignInTests(ConsoleFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string SessionKey = "codat-alerts.session";
    private const string PendingKey = "codat-alerts.sign-in";

    private FakeEntraAuthority? _authority;
    private ConsoleApp? _app;

    private FakeEntraAuthority Authority => _authority!;

    private ConsoleApp App => _app!;

    public async Task InitializeAsync()
    {
        _authority = await FakeEntraAuthority.StartAsync();
        var metadata = _authority.Metadata();
        _app = await ConsoleApp.StartAsync(
            fixture.Azurite,
            reset: false,
            services => services.AddSingleton(metadata),
            ("Operators:EntraId:TenantId", FakeEntraAuthority.TenantId),
            ("Operators:EntraId:ClientId", FakeEntraAuthority.ClientId),
            ("Operators:EntraId:Instance", _authority.Instance));
        _authority.RedirectUri = App.ConsoleUrl.ToString();
    }

    [Fact]
    public async Task The_page_gets_the_public_sign_in_settings_and_may_call_only_the_authority_besides_itself()
    {
        using var response = await App.Http.GetAsync("/api/console/config.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var authority = Authority.Instance + FakeEntraAuthority.TenantId;
        Assert.Equal(
            $$"""{"mode":"entra-id","tenantId":"{{FakeEntraAuthority.TenantId}}","clientId":"{{FakeEntraAuthority.ClientId}}","authority":"{{authority}}","authorizeEndpoint":"{{authority}}/oauth2/v2.0/authorize","tokenEndpoint":"{{authority}}/oauth2/v2.0/token","scope":"api://{{FakeEntraAuthority.ClientId}}/user_impersonation"}""",
            await response.Content.ReadAsStringAsync());
        foreach (var path in new[] { "/api/console/config.json", "/api/console/", "/api/console/auth.js", "/api/console/missing.js" })
        {
            using var page = await App.Http.GetAsync(path);
            Assert.Equal(
                "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; connect-src 'self' " + Authority.Instance.TrimEnd('/'),
                Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public async Task An_operator_signs_in_sees_the_data_and_their_name_and_the_token_is_never_in_a_url()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium, trustTestCertificates: true);
        var visited = RecordUrls(tab.Page);
        var route = $"#/alerts?clientId={Seed.ClientA}";

        await tab.GoAsync(new Uri(App.ConsoleUrl + route), "refused");
        Assert.Equal("Sign in required", await tab.Page.Locator("[data-testid=refused] h1").TextContentAsync());
        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await tab.WaitReadyAsync("alerts");

        // Signed in, with data and the name from GET /api/ops/me.
        Assert.Equal("olive@contoso.example", await tab.Page.Locator("[data-testid=who-name]").TextContentAsync());
        Assert.Contains("Alerts.Operator", await tab.Page.Locator("[data-testid=who]").TextContentAsync());
        Assert.True(await tab.Page.Locator("[data-testid=alerts-table] tbody tr").CountAsync() > 0, "the alerts list shows rows");
        Assert.Equal(1, await tab.Page.Locator("[data-testid=sign-out]").CountAsync());

        // The code fragment left the address bar at once, for the route the operator asked for.
        Assert.Equal(App.ConsoleUrl + route, tab.Page.Url);
        Assert.Null(await tab.Page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{PendingKey}')"));

        // One authorization and one redemption; the token appears in no URL the browser visited or the app served.
        var token = Assert.Single(Authority.IssuedTokens);
        Assert.Single(Authority.Requests, r => r.Contains("/oauth2/v2.0/authorize?", StringComparison.Ordinal));
        Assert.Single(Authority.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
        Assert.Contains(visited, url => url.Contains("#code=", StringComparison.Ordinal));
        Assert.DoesNotContain(visited, url => url.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(visited, url => url.Contains(token[^24..], StringComparison.Ordinal));
        var served = App.Server.Requests;
        Assert.DoesNotContain(served, r => r.Contains(token[^24..], StringComparison.Ordinal) || r.Contains("code=", StringComparison.Ordinal));
        Assert.DoesNotContain(Authority.Requests, r => r.Contains(token[^24..], StringComparison.Ordinal));
        output.WriteLine($"Browser URLs: {visited.Count}; app requests: {served.Count} ({string.Join(", ", served)}); authority requests: {Authority.Requests.Count}");
        Assert.DoesNotContain(tab.ConsoleMessages, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(tab.Errors);
        await tab.ScreenshotAsync("signed-in");
    }

    [Fact]
    public async Task A_response_whose_state_is_not_the_one_sent_is_refused_and_its_code_never_redeemed()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium, trustTestCertificates: true);
        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/overview"), "refused");
        Authority.ReplyWithState = "state-of-another-sign-in";

        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await tab.Page.Locator("[data-testid=refused] h1", new() { HasTextString = "Sign-in failed" }).WaitForAsync();

        Assert.Contains("state does not match", await tab.Page.Locator("[data-testid=refused]").InnerTextAsync());
        Assert.Empty(Authority.IssuedTokens);
        Assert.DoesNotContain(Authority.Requests, r => r.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
        Assert.DoesNotContain("code=", tab.Page.Url, StringComparison.Ordinal);
        Assert.Null(await tab.Page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{SessionKey}')"));
        Assert.Equal(1, await tab.Page.Locator("[data-testid=sign-in]").CountAsync());
    }

    [Fact]
    public async Task A_user_without_an_app_role_signs_in_but_is_refused_with_what_to_ask_for()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium, trustTestCertificates: true);
        Authority.NextUser = new FakeUser("Visitor Vic", "vic@contoso.example", []);
        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/overview"), "refused");
        App.Server.ClearRequests();

        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await tab.Page.Locator("[data-testid=refused] h1", new() { HasTextString = "Not allowed" }).WaitForAsync();

        var text = await tab.Page.Locator("[data-testid=refused]").InnerTextAsync();
        Assert.Contains("Alerts.Reader", text);
        Assert.Contains("Alerts.Operator", text);
        Assert.Contains("Users and groups", text);
        Assert.Single(Authority.IssuedTokens);
        Assert.Equal(["GET /api/ops/me"], App.Server.Requests.Where(r => !r.Contains("/api/console/", StringComparison.Ordinal)));
        Assert.Equal(1, await tab.Page.Locator("[data-testid=sign-out]").CountAsync());
        Assert.Equal(0, await tab.Page.Locator("[data-testid=sign-in]").CountAsync());
        await tab.ScreenshotAsync("signed-in-without-role");
    }

    [Fact]
    public async Task Sign_out_forgets_the_token_and_offers_the_sign_in_again()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium, trustTestCertificates: true);
        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/overview"), "refused");
        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await tab.WaitReadyAsync("overview");

        await tab.Page.Locator("[data-testid=sign-out]").ClickAsync();
        await tab.WaitReadyAsync("signed-out");

        Assert.Equal(1, await tab.Page.Locator("[data-testid=sign-in]").CountAsync());
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>("() => sessionStorage.length"));
        await tab.Page.ReloadAsync();
        await tab.WaitReadyAsync("refused");
        Assert.Equal("Sign in required", await tab.Page.Locator("[data-testid=refused] h1").TextContentAsync());

        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await tab.WaitReadyAsync("overview");
        Assert.Equal(2, Authority.IssuedTokens.Count);
    }

    [Fact]
    public async Task An_expired_token_is_renewed_by_signing_in_again_and_the_page_comes_back_where_it_was()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium, trustTestCertificates: true);
        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/overview"), "refused");
        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await tab.WaitReadyAsync("overview");

        // An hour later: the token the tab holds has expired.
        await tab.Page.EvaluateAsync($"() => {{ const s = JSON.parse(sessionStorage.getItem('{SessionKey}')); s.expiresAt = Date.now() - 1000; s.obtainedAt = Date.now() - 3600000; sessionStorage.setItem('{SessionKey}', JSON.stringify(s)); }}");
        await tab.Page.EvaluateAsync("() => { location.hash = '#/alerts'; }");
        await SecondTokenAsync(); // The round trip to the tenant and back (waiting on the URL would race its navigations).
        await tab.WaitReadyAsync("alerts");
        Assert.EndsWith("#/alerts", tab.Page.Url, StringComparison.Ordinal);

        Assert.Equal(2, Authority.IssuedTokens.Count);
        Assert.Equal("olive@contoso.example", await tab.Page.Locator("[data-testid=who-name]").TextContentAsync());
    }

    [Fact]
    public async Task A_token_the_api_refuses_is_replaced_by_signing_in_again_but_a_fresh_one_is_not_retried()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium, trustTestCertificates: true);
        await tab.GoAsync(new Uri(App.ConsoleUrl + "#/overview"), "refused");
        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await tab.WaitReadyAsync("overview");

        // The API refuses the token the tab holds (here: it no longer validates), obtained an hour ago.
        await SpoilTokenAsync(tab.Page, obtainedMillisecondsAgo: 3_600_000);
        await tab.Page.EvaluateAsync("() => { location.hash = '#/alerts'; }");
        await SecondTokenAsync(); // The round trip to the tenant and back (waiting on the URL would race its navigations).
        await tab.WaitReadyAsync("alerts");
        Assert.EndsWith("#/alerts", tab.Page.Url, StringComparison.Ordinal);
        Assert.Equal(2, Authority.IssuedTokens.Count);
        Assert.True(await tab.Page.Locator("[data-testid=alerts-table] tbody tr").CountAsync() > 0);

        // A token refused seconds after it was obtained is not stale: signing in again would loop, so the refusal shows.
        await SpoilTokenAsync(tab.Page, obtainedMillisecondsAgo: 1_000);
        await tab.Page.EvaluateAsync("() => { location.hash = '#/overview'; }");
        await tab.WaitReadyAsync("overview");
        Assert.Contains("Sign-in required", await tab.Page.Locator("main").InnerTextAsync());
        Assert.Equal(2, Authority.IssuedTokens.Count);
        Assert.Equal(2, Authority.Requests.Count(r => r.Contains("/oauth2/v2.0/authorize?", StringComparison.Ordinal)));
    }

    private async Task SecondTokenAsync()
    {
        for (var i = 0; i < 300 && Authority.IssuedTokens.Count < 2; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, Authority.IssuedTokens.Count);
    }

    private static async Task SpoilTokenAsync(IPage page, int obtainedMillisecondsAgo) =>
        await page.EvaluateAsync($"() => {{ const s = JSON.parse(sessionStorage.getItem('{SessionKey}')); s.accessToken = s.accessToken.slice(0, -8) + 'AAAAAAAA'; s.obtainedAt = Date.now() - {obtainedMillisecondsAgo}; sessionStorage.setItem('{SessionKey}', JSON.stringify(s)); }}");

    private static List<string> RecordUrls(IPage page)
    {
        var urls = new List<string>();
        page.Request += (_, request) =>
        {
            lock (urls)
            {
                urls.Add(request.Url);
            }
        };
        page.FrameNavigated += (_, frame) =>
        {
            lock (urls)
            {
                urls.Add(frame.Url);
            }
        };
        return urls;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_authority is not null)
        {
            await _authority.DisposeAsync();
        }
    }
}
