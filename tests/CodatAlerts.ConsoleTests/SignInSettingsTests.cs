using System.Net;

namespace CodatAlerts.ConsoleTests;

/// <summary>The console's settings where Entra ID is not configured (locally): the page is told it never signs in, and where trace ids link.</summary>
[Collection("Console")]
public sealed class SignInSettingsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Locally_the_settings_say_loopback_and_the_policy_allows_no_other_origin()
    {
        using var response = await fixture.App.Http.GetAsync("/api/console/config.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"mode":"loopback","traceLink":"https://portal.example/traces/{traceId}?source=codat-alerts"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }
}
