using CodatAlerts.ConsoleTests.Hosting;

namespace CodatAlerts.ConsoleTests;

/// <summary>The alerts every console test sees: delivered to the real intake over HTTP, then processed.</summary>
internal static class Seed
{
    public const string ClientA = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    public const string ClientB = "4f1c2e7a-9b3d-4c55-8a61-0d2e6f7a8b90";
    public const string CompanyOne = "8a210b68-6988-11ed-a1eb-0242ac120002";
    public const string CompanyTwo = "c0ffee00-6988-11ed-a1eb-0242ac120002";

    /// <summary>Client A's ordinary alerts: more than one page of the Alerts list.</summary>
    public const int ClientAOrdinary = 30;

    /// <summary>Of those, the ones of <see cref="CompanyTwo"/>.</summary>
    public const int CompanyTwoAlerts = 7;

    public const int Poisoned = 3;

    /// <summary>Fails once, is retried and handled, then arrives a second time (a duplicate).</summary>
    public const string RetriedKey = "journey-retry-1";

    public const string XssKey = "xss-1";

    public const string Script = "<script>window.__pwned = 'script'</script>";
    public const string ImageOnError = "<img src=x onerror=\"window.__pwned = 'img'\">";
    public const string JavaScriptUrl = "javascript:window.__pwned = 'url'";
    public const string RightToLeft = "invoice\u202Egpj.exe";

    public static string PoisonKey(int i) => $"poison-{i}";

    public static async Task DeliverAsync(ConsoleApp app)
    {
        for (var i = 0; i < ClientAOrdinary; i++)
        {
            var company = i < CompanyTwoAlerts ? CompanyTwo : CompanyOne;
            await app.DeliverAsync(ClientA, ConsoleApp.Body(ClientA, $"alert-{i:D2}", company));
        }

        for (var i = 0; i < Poisoned; i++)
        {
            await app.DeliverAsync(ClientB, ConsoleApp.Body(ClientB, PoisonKey(i), CompanyOne));
        }

        var retried = ConsoleApp.Body(ClientA, RetriedKey, CompanyOne);
        await app.DeliverAsync(ClientA, retried);
        await app.DeliverAsync(ClientA, ConsoleApp.Body(ClientA, XssKey, CompanyOne, Script, new Dictionary<string, string>
        {
            ["dataType"] = ImageOnError,
            ["link"] = JavaScriptUrl,
            ["fileName"] = RightToLeft,
        }));
        await app.DrainAsync();

        // The same alert again after it was handled: absorbed as a duplicate.
        await app.DeliverAsync(ClientA, retried);
        await app.DrainAsync();
    }
}
