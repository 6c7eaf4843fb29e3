using CodatAlerts.ConsoleTests.Browser;

namespace CodatAlerts.ConsoleTests;

/// <summary>An alert's trace id, linked into the operator's telemetry through the app's configured template.</summary>
[Collection("Console")]
public sealed class TraceLinkTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_trace_id_links_through_the_configured_template_and_opens_apart_from_the_console()
    {
        // Arrange: the fixture's app has Operators:TraceLinkTemplate set (ConsoleFixture.TraceLinkTemplate).
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);

        // Act
        await tab.GoAsync(new Uri(fixture.App.ConsoleUrl + $"#/alert/{Seed.ClientA}/alert-03"), "alert");

        // Assert: the id the record holds, in the template's placeholder; a new tab that cannot reach back.
        var link = tab.Page.Locator("[data-testid=facts] [data-testid=trace-link]");
        var traceId = await link.TextContentAsync() ?? string.Empty;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Equal(ConsoleFixture.TraceLinkTemplate.Replace("{traceId}", traceId, StringComparison.Ordinal), await link.GetAttributeAsync("href"));
        Assert.Equal(("_blank", "noopener noreferrer"), (await link.GetAttributeAsync("target"), await link.GetAttributeAsync("rel")));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task The_link_helper_leaves_the_id_as_text_without_an_https_template()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        await tab.GoAsync(new Uri(fixture.App.ConsoleUrl + "#/overview"), "overview");

        var kinds = await tab.Page.EvaluateAsync<string[]>(
            """
            async () => {
              const { traceLink } = await import('/api/console/dom.js');
              return [undefined, 'javascript:alert(1)//{traceId}', 'http://x/{traceId}', 'https://x/', 'https://x/{traceId}']
                .map(t => traceLink('4bf92f3577b34da6a3ce929d0e0e4736', t))
                .map(n => typeof n === 'string' ? 'text' : n.href);
            }
            """);

        Assert.Equal(["text", "text", "text", "text", "https://x/4bf92f3577b34da6a3ce929d0e0e4736"], kinds);
    }
}
