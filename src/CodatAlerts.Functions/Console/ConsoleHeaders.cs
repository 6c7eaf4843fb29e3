using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Console;

/// <summary>
/// The security headers of every console response. The policy allows only the console's own files: no inline script
/// or style, no plug-ins, no framing (clickjacking), no <c>&lt;base&gt;</c>, forms post only to the app itself. With
/// Entra ID sign-in, the page may also call exactly one other origin, the tenant's authority, for the token request
/// of the authorization code flow (the sign-in itself is a top-level navigation, which the policy does not govern).
/// </summary>
internal static class ConsoleHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>The policy for a page that signs in at <paramref name="authorityOrigin"/> (null: the page calls only its own origin).</summary>
    public static string PolicyFor(string? authorityOrigin) =>
        authorityOrigin is null ? ContentSecurityPolicy : $"{ContentSecurityPolicy}; connect-src 'self' {authorityOrigin}";

    public static void Apply(HttpHeadersCollection headers, string? authorityOrigin = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Add("Content-Security-Policy", PolicyFor(authorityOrigin));
        headers.Add("X-Frame-Options", "DENY");
        headers.Add("X-Content-Type-Options", "nosniff");
        headers.Add("Referrer-Policy", "no-referrer");
        headers.Add("Cross-Origin-Opener-Policy", "same-origin");
        headers.Add("Cross-Origin-Resource-Policy", "same-origin");
        // Revalidate on every load (the ETag makes that a 304): a deployment's new shell is used at once.
        headers.Add("Cache-Control", "no-cache");
    }
}
