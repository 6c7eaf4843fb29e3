namespace CodatAlerts.Operators;

/// <summary>
/// Cross-site request forgery rule for callers a browser authenticates by itself (the App Service Authentication
/// session cookie, or simply being on loopback): a state-changing request must carry
/// <c>X-Requested-With: codat-alerts-console</c>, which a cross-site page cannot add without a CORS preflight the app
/// never grants, and must come from the app's own origin by <c>Sec-Fetch-Site</c> or <c>Origin</c>. Bearer-token and
/// function-key callers need neither: a browser never attaches those credentials by itself.
/// </summary>
public static class BrowserRequestGuard
{
    public const string HeaderName = "X-Requested-With";
    public const string HeaderValue = "codat-alerts-console";

    /// <summary>Null when <paramref name="request"/> may proceed, else the refusal.</summary>
    public static AccessRefusal? Check(OperatorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsRead)
        {
            return null;
        }

        if (!string.Equals(request.Single(HeaderName), HeaderValue, StringComparison.Ordinal))
        {
            return Forbidden("no console header", $"A browser request that changes state must send '{HeaderName}: {HeaderValue}'.");
        }

        var fetchSite = request.Single("Sec-Fetch-Site");
        var origin = request.Single("Origin");
        if (request.Has("Sec-Fetch-Site") && !string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return Forbidden("cross-site request", "The request did not come from the console's own origin.");
        }

        if (request.Has("Origin") && !SameOrigin(origin, request.Url))
        {
            return Forbidden("foreign origin", "The request did not come from the console's own origin.");
        }

        return fetchSite is null && origin is null
            ? Forbidden("no origin", "A browser request that changes state must show its origin (Origin or Sec-Fetch-Site).")
            : null;
    }

    private static bool SameOrigin(string? origin, Uri url) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var parsed)
        && parsed.AbsolutePath == "/"
        && string.Equals(parsed.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(parsed.Host, url.Host, StringComparison.OrdinalIgnoreCase)
        && parsed.Port == url.Port;

    private static AccessRefusal Forbidden(string reason, string detail) => new(AccessRefusalKind.Forbidden, reason, detail);
}
