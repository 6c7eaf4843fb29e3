using System.Security.Claims;
using CodatAlerts.Intake;

namespace CodatAlerts.Operators;

/// <summary>What the access policy sees of a request to an operator endpoint.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The URL as the Functions host built it (its host part comes from the <c>Host</c> header).</param>
/// <param name="Headers">The request headers, as the caller (or App Service Authentication) sent them.</param>
/// <param name="HostIdentities">
/// The identities the Functions host established and passed to the worker (a verified function key appears here as
/// a claim <c>http://schemas.microsoft.com/2017/07/functions/claims/authlevel</c>); a caller cannot set them.
/// </param>
public sealed record OperatorRequest(string Method, Uri Url, IRequestHeaders Headers, IEnumerable<ClaimsIdentity> HostIdentities)
{
    /// <summary>GET and HEAD only read; every other method needs the operator role.</summary>
    public bool IsRead => Method.Equals("GET", StringComparison.OrdinalIgnoreCase) || Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);

    /// <summary>The single value of <paramref name="name"/>, or null when absent or sent more than once.</summary>
    public string? Single(string name)
    {
        var values = Headers.GetValues(name);
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>Whether header <paramref name="name"/> was sent at all.</summary>
    public bool Has(string name) => Headers.GetValues(name).Count > 0;
}
