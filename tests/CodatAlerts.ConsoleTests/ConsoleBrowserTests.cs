using CodatAlerts.ConsoleTests.Browser;
using CodatAlerts.ConsoleTests.Hosting;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CodatAlerts.ConsoleTests;

/// <summary>The console in Debian's chromium against the real app on Azurite, page by page.</summary>
[Collection("Console")]
public sealed class ConsoleBrowserTests(ConsoleFixture fixture, ITestOutputHelper output)
{
    /// <summary>The clients of the replay and bulk re-run tests: their own alerts, so the seeded ones stay as other tests expect.</summary>
    private const string ReplayClient = "0d9e8f7a-1b2c-4d3e-9f40-5a6b7c8d9e01";
    private const string RerunClient = "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2910";

    private Uri Url(string route) => new(fixture.App.ConsoleUrl + route);

    [Fact]
    public async Task The_overview_draws_the_alerts_per_minute_and_the_partitions()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        fixture.App.Server.ClearRequests();

        await tab.GoAsync(Url("#/overview"), "overview");

        ReportRequests("Overview (first load)");
        Assert.True(await tab.Page.Locator("[data-testid=chart] rect").CountAsync() > 0, "the chart has bars");
        Assert.Equal(Seed.Poisoned.ToString(), await tab.Page.Locator("[data-testid=tile-poison] .value").TextContentAsync());
        Assert.True(int.Parse(await tab.Page.Locator("[data-testid=tile-total-handled] .value").TextContentAsync() ?? "0") >= Seed.ClientAOrdinary);
        Assert.Equal(8, await tab.Page.Locator("[data-testid=partitions] tbody tr").CountAsync());
        Assert.Contains("loopback", await tab.Page.Locator("[data-testid=banner]").TextContentAsync());
        AssertNothingRanOrWasBlocked(tab);
        await tab.ScreenshotAsync("overview");
    }

    [Fact]
    public async Task The_alerts_list_filters_and_pages_newest_first()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        fixture.App.Server.ClearRequests();
        await tab.GoAsync(Url($"#/alerts?clientId={Seed.ClientA}"), "alerts");
        ReportRequests("Alerts (first load)");

        var rows = tab.Page.Locator("[data-testid=alerts-table] tbody tr");
        Assert.Equal(25, await rows.CountAsync());
        var received = await tab.Page.Locator("[data-testid=alerts-table] tbody tr td:first-child").AllTextContentsAsync();
        Assert.Equal(received.OrderDescending(StringComparer.Ordinal), received);
        await tab.ScreenshotAsync("alerts");

        await tab.Page.Locator("[data-testid=next]").ClickAsync();
        await tab.Page.Locator("[data-testid=page-number]", new() { HasTextString = "Page 2" }).WaitForAsync();
        Assert.Equal(Seed.ClientAOrdinary + 2 - 25, await rows.CountAsync());
        await tab.Page.Locator("[data-testid=previous]").ClickAsync();
        await tab.Page.Locator("[data-testid=page-number]", new() { HasTextString = "Page 1" }).WaitForAsync();
        Assert.Equal(25, await rows.CountAsync());

        await tab.Page.Locator("input[name=companyId]").FillAsync(Seed.CompanyTwo);
        await tab.Page.Locator("[data-testid=filters] button[type=submit]").ClickAsync();
        await tab.Page.WaitForFunctionAsync($"() => location.hash.includes('{Seed.CompanyTwo}') && document.querySelector('main').dataset.ready === 'alerts'");
        await tab.Page.Locator("[data-testid=alerts-table]").WaitForAsync();
        Assert.Equal(Seed.CompanyTwoAlerts, await rows.CountAsync());

        await tab.GoAsync(Url($"#/alerts?clientId={Seed.ClientB}&state=failed"), "alerts");
        Assert.Equal(Seed.Poisoned, await rows.CountAsync());
        AssertNothingRanOrWasBlocked(tab);
    }

    [Fact]
    public async Task One_alert_shows_its_journey_after_a_retry_a_duplicate_and_a_rerun()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        var route = Url($"#/alert/{Seed.ClientA}/{Seed.RetriedKey}");
        await tab.GoAsync(route, "alert");
        Assert.Contains("2", await FactAsync(tab, "Attempts"));

        await tab.Page.Locator("[data-testid=rerun]").ClickAsync();
        await tab.Page.Locator("[data-testid=dry-run]").WaitForAsync();
        await tab.Page.Locator("[data-testid=confirm]").ClickAsync();
        await tab.Page.Locator("[data-testid=rerun-outcome] .message.ok").WaitForAsync();
        await fixture.App.DrainAsync();

        fixture.App.Server.ClearRequests();
        await tab.Page.ReloadAsync();
        await tab.WaitReadyAsync("alert");
        ReportRequests("One alert (reload)");
        var kinds = await tab.Page.Locator("[data-testid=journey] li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.kind)");
        output.WriteLine("journey: " + string.Join(", ", kinds));
        // Claimed and completed come from the record, the re-run (with who ran it) from the journey store; the
        // processor's own lines (the failed attempt, the duplicate) appear once it writes them.
        Assert.Equal("claimed", kinds[0]);
        Assert.Contains("rerun", kinds);
        Assert.Equal("completed", kinds[^1]);
        Assert.Contains("by loopback", await tab.Page.Locator("[data-testid=journey] li[data-kind=rerun]").TextContentAsync());
        await tab.ScreenshotAsync("alert-journey");

        // Who did it: the audit trail on the Actions page.
        await tab.GoAsync(Url("#/actions"), "actions");
        var audit = await tab.Page.Locator("[data-testid=audit] tbody tr", new() { HasTextString = Seed.RetriedKey }).AllInnerTextsAsync();
        Assert.Contains(audit, row => row.Contains("loopback", StringComparison.Ordinal) && row.Contains("rerun", StringComparison.Ordinal));
        AssertNothingRanOrWasBlocked(tab);
    }

    [Fact]
    public async Task Xss_bodies_are_shown_as_text_and_nothing_runs()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        await tab.GoAsync(Url($"#/alert/{Seed.ClientA}/{Seed.XssKey}"), "alert");

        var body = await tab.Page.Locator("[data-testid=body]").TextContentAsync() ?? string.Empty;
        // Shown as sent: the JSON text of each value, the markup and the override character included.
        Assert.Contains($"\"Message\": \"{Seed.Script}\"", body);
        Assert.Contains($"\"dataType\": \"{Seed.ImageOnError.Replace("\"", "\\\"", StringComparison.Ordinal)}\"", body);
        Assert.Contains($"\"link\": \"{Seed.JavaScriptUrl}\"", body);
        Assert.Contains($"\"fileName\": \"{Seed.RightToLeft}\"", body);
        Assert.Equal(0, await tab.Page.Locator("main img, main script, main iframe, main object").CountAsync());
        Assert.Equal(0, await tab.Page.Locator("main a[href^='javascript']").CountAsync());

        var download = await tab.Page.RunAndWaitForDownloadAsync(() => tab.Page.Locator("[data-testid=download-body]").ClickAsync());
        var saved = await File.ReadAllBytesAsync(await download.PathAsync());
        using var exact = await fixture.App.Http.GetAsync($"/api/records/{Seed.ClientA}/{Seed.XssKey}/body");
        Assert.Equal(await exact.Content.ReadAsByteArrayAsync(), saved);

        await tab.Page.WaitForTimeoutAsync(300);
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        await tab.ScreenshotAsync("xss");
        AssertNothingRanOrWasBlocked(tab);
    }

    [Fact]
    public async Task A_replay_shows_its_dry_run_then_runs_after_confirmation()
    {
        // Arrange: alerts of a client of this test's own, poisoned on their first attempt and handled when replayed,
        // so the seeded poison stays as the other tests expect it.
        var keys = Enumerable.Range(0, 2).Select(i => $"fails-once-{i}").ToArray();
        foreach (var key in keys)
        {
            await fixture.App.DeliverAsync(ReplayClient, ConsoleApp.Body(ReplayClient, key, Seed.CompanyOne));
        }

        await fixture.App.DrainAsync();
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        fixture.App.Server.ClearRequests();
        await tab.GoAsync(Url("#/poison"), "poison");
        ReportRequests("Poison (first load)");
        // The reasons carry markup (the scripted handler's error): shown as text.
        Assert.Contains("<script>", await tab.Page.Locator("[data-testid=poison-table] .reason").First.TextContentAsync());

        // Act: the dry run, then the confirmation.
        await tab.Page.Locator("[data-testid=poison-filters] input[name=clientId]").FillAsync(ReplayClient);
        await tab.Page.Locator("[data-testid=replay]").ClickAsync();
        await tab.Page.Locator("[data-testid=dry-run]").WaitForAsync();
        Assert.Equal(keys.Length.ToString(), await tab.Page.Locator("[data-testid=dry-run-count]").TextContentAsync());
        Assert.Equal(keys.Length, await tab.Page.Locator("[data-testid=dry-run-alerts] tbody tr").CountAsync());
        await tab.ScreenshotAsync("poison-dry-run");

        await tab.Page.Locator("[data-testid=confirm]").ClickAsync();
        await tab.Page.Locator("[data-testid=operation][data-status=succeeded]").WaitForAsync(new() { Timeout = 30_000 });

        // Assert: two POSTs (dry run, confirmation), what moved listed, and the replayed copies handled.
        var posts = fixture.App.Server.Requests.Where(r => r.StartsWith("POST /api/poison/replay", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains("replayed: 2", await tab.Page.Locator("[data-testid=operation-counts]").TextContentAsync());
        Assert.Equal(keys.Length, await tab.Page.Locator("[data-testid=operation-alerts] tbody tr").CountAsync());
        await tab.ScreenshotAsync("poison-replayed");
        await fixture.App.DrainAsync();
        Assert.All(keys, key => Assert.Equal(2, fixture.App.Handlers.Starts(key)));
        AssertNothingRanOrWasBlocked(tab);
    }

    [Fact]
    public async Task A_bulk_rerun_by_filter_shows_its_dry_run_then_runs_in_the_background_until_it_succeeds()
    {
        // Arrange: three handled alerts of a client of this test's own.
        var keys = Enumerable.Range(0, 3).Select(i => $"bulk-{i}").ToArray();
        foreach (var key in keys)
        {
            await fixture.App.DeliverAsync(RerunClient, ConsoleApp.Body(RerunClient, key, Seed.CompanyOne));
        }

        await fixture.App.DrainAsync();
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        fixture.App.Server.ClearRequests();
        await tab.GoAsync(Url("#/actions"), "actions");
        var now = DateTime.UtcNow;
        var form = tab.Page.Locator("[data-testid=rerun-filters]");
        await form.Locator("input[name=clientId]").FillAsync(RerunClient);
        await form.Locator("input[name=since]").FillAsync(now.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await form.Locator("input[name=until]").FillAsync(now.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));

        // Act
        await tab.Page.Locator("[data-testid=bulk-rerun]").ClickAsync();
        await tab.Page.Locator("[data-testid=dry-run]").WaitForAsync();
        Assert.Equal(keys.Length.ToString(), await tab.Page.Locator("[data-testid=dry-run-count]").TextContentAsync());
        Assert.Equal(keys.Length, await tab.Page.Locator("[data-testid=dry-run-alerts] tbody tr").CountAsync());
        await tab.ScreenshotAsync("rerun-dry-run");
        await tab.Page.Locator("[data-testid=confirm]").ClickAsync();
        await tab.Page.Locator("[data-testid=operation][data-status=succeeded]").WaitForAsync(new() { Timeout = 30_000 });

        // Assert: one start, polled to its end; each alert re-run once, and the trail says who did it.
        ReportRequests("Actions: bulk re-run");
        Assert.Equal(2, fixture.App.Server.Requests.Count(r => r.StartsWith("POST /api/operations/rerun", StringComparison.Ordinal))); // Dry run, confirmation.
        Assert.Contains(fixture.App.Server.Requests, r => r.StartsWith("GET /api/operations/", StringComparison.Ordinal));
        Assert.Contains("rerun: 3", await tab.Page.Locator("[data-testid=operation-counts]").TextContentAsync());
        await tab.ScreenshotAsync("rerun-succeeded");
        await fixture.App.DrainAsync();
        Assert.All(keys, key => Assert.Equal(2, fixture.App.Handlers.Starts(key)));
        AssertNothingRanOrWasBlocked(tab);
    }

    [Fact]
    public async Task The_dom_helpers_refuse_links_and_handlers_from_data_and_json_keeps_its_text()
    {
        await using var tab = await ConsolePage.OpenAsync(fixture.Chromium);
        await tab.GoAsync(Url("#/overview"), "overview");
        const string Json = """{"n":12345678901234567890,"s":"a\u003cb \"q\"","e":[ ],"o":{},"a":[1,{"k":null}]}""";

        var results = await tab.Page.EvaluateAsync<string[]>(
            """
            async json => {
              const dom = await import('/api/console/dom.js');
              const { prettyJson } = await import('/api/console/alert.js');
              const attempt = make => { try { make(); return 'made'; } catch { return 'refused'; } };
              return [
                attempt(() => dom.h('a', { href: 'javascript:window.__pwned = 1' })),
                attempt(() => dom.h('a', { href: 'https://example.com/' })),
                attempt(() => dom.h('img', { onerror: 'window.__pwned = 1' })),
                attempt(() => dom.h('a', { href: '#/alerts' })),
                prettyJson(json),
              ];
            }
            """,
            Json);

        Assert.Equal(["refused", "refused", "refused", "made"], results[..4]);
        Assert.Equal(
            "{\n  \"n\": 12345678901234567890,\n  \"s\": \"a\\u003cb \\\"q\\\"\",\n  \"e\": [],\n  \"o\": {},\n  \"a\": [\n    1,\n    {\n      \"k\": null\n    }\n  ]\n}",
            results[4]);
    }

    private static async Task<string> FactAsync(ConsolePage tab, string name) =>
        await tab.Page.Locator($"[data-testid=facts] dt:text-is('{name}') + dd").TextContentAsync() ?? string.Empty;

    private void ReportRequests(string page)
    {
        var requests = fixture.App.Server.Requests;
        output.WriteLine($"{page}: {requests.Count} requests ({requests.Count(r => r.Contains("/api/console", StringComparison.Ordinal))} shell, {requests.Count(r => !r.Contains("/api/console", StringComparison.Ordinal))} API)");
        foreach (var request in requests)
        {
            output.WriteLine("  " + request);
        }
    }

    private static void AssertNothingRanOrWasBlocked(ConsolePage tab)
    {
        Assert.Empty(tab.Dialogs);
        Assert.Empty(tab.Errors);
        // A CSP violation would mean the shell itself depends on something the policy forbids.
        Assert.DoesNotContain(tab.ConsoleMessages, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}
