using Microsoft.Playwright;

namespace CodatAlerts.ConsoleTests.Browser;

/// <summary>
/// One browser tab on the console, recording what would show that something ran or was blocked: dialogs (dismissed
/// and counted), page errors and console messages (a CSP violation is reported there).
/// </summary>
internal sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _dialogs = [];
    private readonly List<string> _errors = [];
    private readonly List<string> _consoleMessages = [];

    private ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Dialog += async (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add(dialog.Message);
            }

            await dialog.DismissAsync();
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
        page.Console += (_, message) =>
        {
            lock (_consoleMessages)
            {
                _consoleMessages.Add($"{message.Type}: {message.Text}");
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Dialogs => [.. _dialogs];

    public IReadOnlyList<string> Errors => [.. _errors];

    public IReadOnlyList<string> ConsoleMessages => [.. _consoleMessages];

    /// <param name="trustTestCertificates">Accept self-signed certificates, as the sign-in tests' loopback Entra ID stand-in serves one.</param>
    public static async Task<ConsolePage> OpenAsync(Chromium chromium, bool trustTestCertificates = false)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            IgnoreHTTPSErrors = trustTestCertificates,
        });
        return new ConsolePage(context, await context.NewPageAsync());
    }

    /// <summary>Opens <paramref name="url"/> and waits until the page it routes to has rendered (or refused).</summary>
    public async Task GoAsync(Uri url, string page)
    {
        await Page.GotoAsync(url.ToString());
        await WaitReadyAsync(page);
    }

    public async Task WaitReadyAsync(string page)
    {
        try
        {
            await Page.Locator($"main[data-ready='{page}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            var main = await Page.Locator("main").InnerTextAsync();
            throw new TimeoutException($"Page '{page}' did not render. It shows: {main}\nErrors: {string.Join(" | ", Errors)}\nConsole: {string.Join(" | ", ConsoleMessages)}");
        }
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>tests/CodatAlerts.ConsoleTests/screenshots in the source tree.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CodatAlerts.ConsoleTests.csproj")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "screenshots");
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
