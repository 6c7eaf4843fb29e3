using System.Text.Json.Serialization;
using CodatAlerts.Operators;

namespace CodatAlerts.Functions.Console;

/// <summary>
/// What the console's page needs (<c>GET /api/console/config.json</c>): how to sign an operator in, and where to link a
/// trace id. Public values only, the same ones any sign-in page of the tenant shows in its address bar. With Entra ID configured the page runs the
/// authorization code flow with PKCE as a single-page application against the tenant's v2.0 endpoints; without it the
/// mode is <c>loopback</c> and the page never signs in.
/// </summary>
/// <param name="Mode"><c>entra-id</c> or <c>loopback</c>.</param>
/// <param name="Authority"><c>{Instance}{TenantId}</c>; its origin is the only one the page may call besides its own.</param>
/// <param name="Scope">The operator API's delegated scope, <c>api://{ClientId}/user_impersonation</c> (scripts/hooks/operator-app.json).</param>
/// <param name="TraceLink">The trace link template (<see cref="OperatorAccessOptions.TraceLinkTemplate"/>), when set.</param>
internal sealed record ConsoleSettings(
    string Mode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TenantId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Authority = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AuthorizeEndpoint = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenEndpoint = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceLink = null)
{
    public const string EntraIdMode = "entra-id";
    public const string LoopbackMode = "loopback";

    /// <summary>The path, relative to <c>/api/console/</c>, that serves this document.</summary>
    public const string Path = "config.json";

    /// <summary>The delegated scope the app registration exposes (scripts/hooks/operator-app.json).</summary>
    public const string ScopeName = "user_impersonation";

    public static ConsoleSettings From(OperatorAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entra = options.EntraId;
        if (!entra.IsConfigured)
        {
            return new ConsoleSettings(LoopbackMode, TraceLink: options.TraceLinkTemplate);
        }

        var authority = $"{entra.Instance}{entra.TenantId}";
        return new ConsoleSettings(
            EntraIdMode,
            entra.TenantId,
            entra.ClientId,
            authority,
            $"{authority}/oauth2/v2.0/authorize",
            $"{authority}/oauth2/v2.0/token",
            $"api://{entra.ClientId}/{ScopeName}",
            options.TraceLinkTemplate);
    }

    /// <summary>The origin (scheme, host, port) of the authority, which the console's CSP lets the page call; null in loopback mode.</summary>
    [JsonIgnore]
    public string? AuthorityOrigin =>
        Authority is null ? null : new Uri(Authority).GetLeftPart(UriPartial.Authority);
}
