using System.Security.Claims;
using CodatAlerts.Intake;
using CodatAlerts.Operators;

namespace CodatAlerts.Tests.Operators;

/// <summary>Operator requests as the policy sees them.</summary>
internal static class Requests
{
    public const string LocalUrl = "http://localhost:7071/api/records";

    public static OperatorRequest Get(params (string Name, string Value)[] headers) => Make("GET", LocalUrl, [], headers);

    public static OperatorRequest Post(params (string Name, string Value)[] headers) => Make("POST", LocalUrl + "/c/k/rerun", [], headers);

    public static OperatorRequest Make(string method, string url, IEnumerable<ClaimsIdentity> hostIdentities, params (string Name, string Value)[] headers) =>
        new(method, new Uri(url), new Headers(headers), hostIdentities);

    /// <summary>The identity the Functions host adds after verifying a function key.</summary>
    public static ClaimsIdentity HostVerifiedKey(string level = "Function", string name = "ops-script") => new(
        [new Claim(OperatorAccessPolicy.HostAuthLevelClaim, level), new Claim("http://schemas.microsoft.com/2017/07/functions/claims/keyid", name)],
        "WebJobsAuthLevel");

    /// <summary>The headers the console's JavaScript sends with a state-changing request.</summary>
    public static (string, string)[] ConsolePost(string origin = "http://localhost:7071") =>
        [(BrowserRequestGuard.HeaderName, BrowserRequestGuard.HeaderValue), ("Origin", origin), ("Sec-Fetch-Site", "same-origin")];

    private sealed class Headers((string Name, string Value)[] headers) : IRequestHeaders
    {
        public IReadOnlyList<string> GetValues(string name) =>
            [.. headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];
    }
}
