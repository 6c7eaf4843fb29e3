using System.Net;
using CodatAlerts.Functions.Console;

namespace CodatAlerts.ConsoleTests;

/// <summary>The shell as served by <c>ServeConsole</c> over HTTP: its files, its security headers, nothing else.</summary>
[Collection("Console")]
public sealed class ConsoleShellTests(ConsoleFixture fixture)
{
    [Theory]
    [InlineData("/api/console", "text/html; charset=utf-8")]
    [InlineData("/api/console/", "text/html; charset=utf-8")]
    [InlineData("/api/console/app.js", "text/javascript; charset=utf-8")]
    [InlineData("/api/console/console.css", "text/css; charset=utf-8")]
    public async Task Every_file_is_served_with_the_security_headers(string path, string contentType)
    {
        using var response = await fixture.App.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("/api/console/nothing.js")]
    [InlineData("/api/console/..%2Fhost.json")]
    [InlineData("/api/console/Console/Assets/app.js")]
    [InlineData("/api/console/App.js")]
    public async Task Anything_but_an_embedded_file_is_not_found(string path)
    {
        using var response = await fixture.App.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_reload_revalidates_with_the_etag()
    {
        using var first = await fixture.App.Http.GetAsync("/api/console/app.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/console/app.js");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());

        using var second = await fixture.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void The_shell_has_no_inline_script_style_or_handler()
    {
        Assert.True(ConsoleAssets.TryGet("index.html", out var index));
        var html = System.Text.Encoding.UTF8.GetString(index.Content);

        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void No_script_writes_markup()
    {
        foreach (var path in ConsoleAssets.Paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal)))
        {
            Assert.True(ConsoleAssets.TryGet(path, out var asset));
            var script = System.Text.Encoding.UTF8.GetString(asset.Content);
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('style'" })
            {
                Assert.False(script.Contains(sink, StringComparison.Ordinal), $"{path} uses {sink}");
            }
        }
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(
            "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
