using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CodatAlerts.Operators;

/// <summary>
/// Validates Entra ID tokens in the app, as Durable Functions Monitor does when it runs without App Service
/// Authentication: issuer (the tenant's v2.0 and v1 forms), audience (<c>api://{ClientId}</c> or <c>{ClientId}</c>),
/// an RS256 signature by one of the tenant's published keys, and lifetime. The keys come from the tenant's OpenID
/// metadata through a <see cref="IConfigurationManager{T}"/>, which caches them and refreshes them (every 12 hours,
/// and at most every 5 minutes on demand when a token names a key it does not know, as after a key rotation).
/// </summary>
public sealed class EntraTokenValidator
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256];

    private readonly IConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly string[] _issuers;
    private readonly string[] _audiences;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public EntraTokenValidator(IOptions<OperatorAccessOptions> options, IConfigurationManager<OpenIdConnectConfiguration> metadata)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entra = options.Value.EntraId;
        _metadata = metadata;
        _issuers = [$"{entra.Instance}{entra.TenantId}/v2.0", $"https://sts.windows.net/{entra.TenantId}/"];
        _audiences = [$"api://{entra.ClientId}", entra.ClientId ?? string.Empty];
    }

    /// <summary>The tenant's OpenID metadata document, whose <c>jwks_uri</c> lists the signing keys.</summary>
    public static string MetadataAddress(EntraIdOptions entra)
    {
        ArgumentNullException.ThrowIfNull(entra);
        return $"{entra.Instance}{entra.TenantId}/v2.0/.well-known/openid-configuration";
    }

    /// <summary>Checks <paramref name="token"/>; never throws for a bad token, and never puts the token in a reason.</summary>
    public async Task<TokenCheck> ValidateAsync(string token, EntraTokenKind kind, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _metadata.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or HttpRequestException or TaskCanceledException)
        {
            return TokenCheck.Unavailable("the tenant's signing keys could not be fetched");
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
        if (!result.IsValid)
        {
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // A key rotated since the last fetch: the next request sees the new keys (refresh is throttled).
                _metadata.RequestRefresh();
            }

            return TokenCheck.Invalid(Reason(result.Exception));
        }

        // An ID token names the app as its audience too; only an access token carries the client that requested it.
        // https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference (azp in v2.0, appid in v1.0)
        var isAccessToken = result.Claims.ContainsKey("azp") || result.Claims.ContainsKey("appid");
        if (kind == EntraTokenKind.Access && !isAccessToken)
        {
            return TokenCheck.Invalid("not an access token");
        }

        return TokenCheck.Valid(result.ClaimsIdentity);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuers = _issuers,
        ValidAudiences = _audiences,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = Algorithms,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromMinutes(2),
    };

    // Reasons are for the log: they name the check that failed, never a claim value or the token.
    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not yet valid",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenSignatureKeyNotFoundException => "signed by an unknown key",
        SecurityTokenInvalidSignatureException => "bad signature",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        SecurityTokenNoExpirationException => "no expiry",
        SecurityTokenMalformedException => "malformed",
        _ => "invalid",
    };
}
