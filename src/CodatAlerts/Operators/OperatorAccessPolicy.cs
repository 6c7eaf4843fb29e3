using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Operators;

/// <summary>
/// Decides who is calling an operator endpoint, trying each way a caller can prove it in a fixed order, and what the
/// request needs: GET/HEAD the reader role (or operator), anything else the operator role. A credential that is
/// presented but fails is refused outright rather than falling through to a weaker way.
/// </summary>
public sealed class OperatorAccessPolicy(
    IOptions<OperatorAccessOptions> options,
    PlatformSignals platform,
    EntraTokenValidator? tokens = null)
{
    /// <summary>The header App Service Authentication forwards the signed-in user's ID token in.</summary>
    public const string EasyAuthIdTokenHeader = "X-MS-TOKEN-AAD-ID-TOKEN";

    /// <summary>The header the Functions host reads a function key from (it also reads <c>?code=</c>, which the app refuses).</summary>
    public const string FunctionKeyHeader = "x-functions-key";

    /// <summary>The claim the Functions host adds once it has verified a function key.</summary>
    public const string HostAuthLevelClaim = "http://schemas.microsoft.com/2017/07/functions/claims/authlevel";

    private const string HostKeyNameClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";

    private readonly OperatorAccessOptions _options = options.Value;

    public async Task<AccessDecision> DecideAsync(OperatorRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HasKeyInUrl(request.Url))
        {
            return Unauthenticated("key in URL", $"Never put a key in a URL: send it in the '{FunctionKeyHeader}' header.");
        }

        if (request.Headers.GetValues("Authorization").Count > 0)
        {
            return Authorize(request, await BearerAsync(request, cancellationToken), browser: false);
        }

        if (platform.EasyAuthEnabled && request.Has(EasyAuthIdTokenHeader))
        {
            return Authorize(request, await SessionAsync(request, cancellationToken), browser: true);
        }

        if (request.Has(FunctionKeyHeader))
        {
            return Authorize(request, FunctionKey(request), browser: false);
        }

        if (!_options.EntraId.IsConfigured && !platform.InAzure && LoopbackRule.IsLoopback(request))
        {
            return Authorize(request, AccessDecision.Admit(new OperatorIdentity("loopback", null, OperatorRole.Operator, "loopback")), browser: true);
        }

        return Unauthenticated("no credential", _options.EntraId.IsConfigured
            ? "Sign in: send an Entra ID access token for this app as 'Authorization: Bearer'."
            : "Operator access is not configured: set Operators__EntraId__TenantId and __ClientId (locally, call from loopback).");
    }

    private async Task<AccessDecision> BearerAsync(OperatorRequest request, CancellationToken cancellationToken)
    {
        var header = request.Single("Authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return Unauthenticated("not a bearer token", "Send 'Authorization: Bearer <access token>'.");
        }

        return await TokenAsync(header[7..].Trim(), EntraTokenKind.Access, "entra-id", cancellationToken);
    }

    // Behind App Service Authentication the platform strips these headers from callers and sets them itself; the app
    // still checks the forwarded ID token's signature rather than trusting the unsigned X-MS-CLIENT-PRINCIPAL.
    private Task<AccessDecision> SessionAsync(OperatorRequest request, CancellationToken cancellationToken)
    {
        var token = request.Single(EasyAuthIdTokenHeader);
        return token is null
            ? Task.FromResult(Unauthenticated("ambiguous session token", "Sign in again."))
            : TokenAsync(token, EntraTokenKind.Id, "entra-id-session", cancellationToken);
    }

    private async Task<AccessDecision> TokenAsync(string token, EntraTokenKind kind, string method, CancellationToken cancellationToken)
    {
        if (tokens is null || !_options.EntraId.IsConfigured)
        {
            return Unauthenticated("entra id not configured", "This app does not accept Entra ID tokens: Operators__EntraId__* is not set.");
        }

        var check = await tokens.ValidateAsync(token, kind, cancellationToken);
        if (check.Status == TokenCheckStatus.Unavailable)
        {
            return AccessDecision.Refuse(new AccessRefusal(AccessRefusalKind.Unavailable, check.Reason, "Sign-in cannot be checked right now; try again."));
        }

        if (check.Identity is not { } identity)
        {
            return Unauthenticated("token " + check.Reason, "The token is not valid for this app.");
        }

        return OperatorClaims.Role(identity) is { } role
            ? AccessDecision.Admit(new OperatorIdentity(OperatorClaims.Name(identity), OperatorClaims.ObjectId(identity), role, method))
            : Forbidden("no app role", $"The identity has neither app role '{OperatorRoles.Reader}' nor '{OperatorRoles.Operator}'.");
    }

    private AccessDecision FunctionKey(OperatorRequest request)
    {
        if (!_options.AllowFunctionKeys)
        {
            return Unauthenticated("function keys not allowed", "Function keys are not accepted here (Operators__AllowFunctionKeys is off); sign in with Entra ID.");
        }

        var verified = request.HostIdentities
            .SelectMany(identity => identity.Claims)
            .Any(claim => claim.Type == HostAuthLevelClaim && claim.Value is "Function" or "Admin");
        if (!verified)
        {
            return Unauthenticated("function key not verified", "The function key is not valid.");
        }

        var keyName = request.HostIdentities.SelectMany(identity => identity.FindAll(HostKeyNameClaim)).FirstOrDefault()?.Value;
        return AccessDecision.Admit(new OperatorIdentity("function-key:" + (keyName ?? "unnamed"), null, OperatorRole.Operator, "function-key"));
    }

    private static AccessDecision Authorize(OperatorRequest request, AccessDecision decision, bool browser)
    {
        if (decision.Operator is not { } caller)
        {
            return decision;
        }

        if (!request.IsRead && caller.Role != OperatorRole.Operator)
        {
            return Forbidden("reader acting", $"Only app role '{OperatorRoles.Operator}' may change state.");
        }

        return browser && BrowserRequestGuard.Check(request) is { } forged ? AccessDecision.Refuse(forged) : decision;
    }

    private static bool HasKeyInUrl(Uri url) =>
        url.Query.TrimStart('?').Split('&').Any(pair => pair.Split('=')[0].Equals("code", StringComparison.OrdinalIgnoreCase));

    private static AccessDecision Unauthenticated(string reason, string detail) =>
        AccessDecision.Refuse(new AccessRefusal(AccessRefusalKind.Unauthenticated, reason, detail));

    private static AccessDecision Forbidden(string reason, string detail) =>
        AccessDecision.Refuse(new AccessRefusal(AccessRefusalKind.Forbidden, reason, detail));
}
