using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Console;

/// <summary>
/// The security headers of every console response. The policy allows only the console's own files: no inline script
/// or style, no plug-ins, no framing (clickjacking), no <c>&lt;base&gt;</c>, forms post only to the app itself.
/// </summary>
internal static class ConsoleHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void Apply(HttpHeadersCollection headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Add("Content-Security-Policy", ContentSecurityPolicy);
        headers.Add("X-Frame-Options", "DENY");
        headers.Add("X-Content-Type-Options", "nosniff");
        headers.Add("Referrer-Policy", "no-referrer");
        headers.Add("Cross-Origin-Opener-Policy", "same-origin");
        headers.Add("Cross-Origin-Resource-Policy", "same-origin");
        // Revalidate on every load (the ETag makes that a 304): a deployment's new shell is used at once.
        headers.Add("Cache-Control", "no-cache");
    }
}
