using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>
/// A stand-in for the Microsoft identity platform's v2.0 endpoints of one tenant, on loopback over HTTPS (the app's
/// options accept only an https instance) with a certificate made for the test:
///   - <c>authorize</c> insists on what the console must send (response_type=code, response_mode=fragment,
///     code_challenge_method=S256, the registered SPA redirect URI) and redirects back with a one-time code in the
///     fragment, for whichever user the test chose with <see cref="NextUser"/>;
///   - <c>token</c> redeems a code only with the code_verifier whose SHA-256 is the stored challenge, the same
///     client and redirect URI, and only as a cross-origin request (an <c>Origin</c>), answering with CORS headers,
///     as Entra ID does for SPA redirect URIs; it mints a v2.0 access token signed with the test's RSA key;
///   - the OpenID metadata and JWKS the app reads to validate that token.
/// Every request is recorded ("METHOD path?query"), so tests can show what crossed the wire.
/// </summary>
internal sealed class FakeEntraAuthority : IAsyncDisposable
{
    public const string TenantId = "6f1b6c3e-0d5f-4f55-9a0e-1c2b3d4e5f60";
    public const string ClientId = "0b7e9d2a-8c1f-4e3d-b5a6-7f8091a2b3c4";
    private const string KeyId = "fake-entra-key";

    private readonly WebApplication _web;
    private readonly X509Certificate2 _certificate;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = KeyId };
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private readonly List<string> _issuedTokens = [];

    private FakeEntraAuthority(WebApplication web, X509Certificate2 certificate)
    {
        _web = web;
        _certificate = certificate;
    }

    /// <summary><c>https://127.0.0.1:{port}/</c>: the value of <c>Operators__EntraId__Instance</c>.</summary>
    public string Instance { get; private set; } = null!;

    public string Issuer => $"{Instance}{TenantId}/v2.0";

    /// <summary>The console's SPA redirect URI, as the deployment registers it; set by the test once the app has a port.</summary>
    public string RedirectUri { get; set; } = "";

    /// <summary>Who signs in at the next authorization request.</summary>
    public FakeUser NextUser { get; set; } = new("Operator Olive", "olive@contoso.example", ["Alerts.Operator"]);

    /// <summary>Set: the next successful authorization answers with this state instead of the one sent (a forged or crossed response).</summary>
    public string? ReplyWithState { get; set; }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every access token the token endpoint issued.</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_issuedTokens)
            {
                return [.. _issuedTokens];
            }
        }
    }

    /// <summary>Codes redeemed successfully.</summary>
    public int Redemptions => IssuedTokens.Count;

    public static async Task<FakeEntraAuthority> StartAsync()
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var web = builder.Build();
        var authority = new FakeEntraAuthority(web, certificate);
        web.Run(authority.HandleAsync);
        await web.StartAsync();
        var address = new Uri(web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        authority.Instance = $"https://127.0.0.1:{address.Port}/";
        return authority;
    }

    /// <summary>
    /// The app's metadata reader, as the product registers it (https required), except that it trusts this test's
    /// certificate: the only thing the test host overrides.
    /// </summary>
    public IConfigurationManager<OpenIdConnectConfiguration> Metadata()
    {
        var thumbprint = _certificate.Thumbprint;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
        return new ConfigurationManager<OpenIdConnectConfiguration>(
            $"{Issuer}/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(new HttpClient(handler)) { RequireHttps = true });
    }

    private async Task HandleAsync(HttpContext http)
    {
        lock (_requests)
        {
            _requests.Add($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
        }

        var path = http.Request.Path.Value ?? "";
        var tenant = "/" + TenantId;
        switch (path)
        {
            case var p when p == tenant + "/oauth2/v2.0/authorize" && HttpMethods.IsGet(http.Request.Method):
                Authorize(http);
                return;
            case var p when p == tenant + "/oauth2/v2.0/token" && HttpMethods.IsPost(http.Request.Method):
                await TokenAsync(http);
                return;
            case var p when p == tenant + "/v2.0/.well-known/openid-configuration":
                await JsonAsync(http, 200, $$"""{"issuer":"{{Issuer}}","authorization_endpoint":"{{Instance}}{{TenantId}}/oauth2/v2.0/authorize","token_endpoint":"{{Instance}}{{TenantId}}/oauth2/v2.0/token","jwks_uri":"{{Instance}}{{TenantId}}/discovery/v2.0/keys","id_token_signing_alg_values_supported":["RS256"]}""");
                return;
            case var p when p == tenant + "/discovery/v2.0/keys":
                var parameters = _key.Rsa.ExportParameters(false);
                await JsonAsync(http, 200, $$"""{"keys":[{"kty":"RSA","use":"sig","kid":"{{KeyId}}","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""");
                return;
            default:
                http.Response.StatusCode = 404;
                return;
        }
    }

    private void Authorize(HttpContext http)
    {
        var query = http.Request.Query;
        var redirect = query["redirect_uri"].ToString();
        if (redirect != RedirectUri || query["client_id"] != ClientId)
        {
            // Entra ID shows an error page for an unregistered redirect URI: it never redirects to it.
            http.Response.StatusCode = 400;
            return;
        }

        var state = query["state"].ToString();
        string? problem = query["response_type"] != "code" ? "response_type must be code"
            : query["response_mode"] != "fragment" ? "response_mode must be fragment"
            : query["code_challenge_method"] != "S256" ? "code_challenge_method must be S256"
            : string.IsNullOrEmpty(query["code_challenge"]) ? "code_challenge is required"
            : query["scope"] != $"api://{ClientId}/user_impersonation" ? "unexpected scope"
            : null;
        if (problem is not null)
        {
            http.Response.Redirect($"{redirect}#error=invalid_request&error_description={Uri.EscapeDataString(problem)}&state={Uri.EscapeDataString(state)}");
            return;
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new Grant(query["code_challenge"].ToString(), redirect, NextUser);
        state = ReplyWithState ?? state;
        ReplyWithState = null;
        http.Response.Redirect($"{redirect}#code={code}&state={Uri.EscapeDataString(state)}&session_state=fake");
    }

    private async Task TokenAsync(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // AADSTS9002327: codes issued to a SPA redirect URI are redeemed only by cross-origin (browser) requests.
            await JsonAsync(http, 400, """{"error":"invalid_request","error_description":"Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests."}""");
            return;
        }

        http.Response.Headers.AccessControlAllowOrigin = origin;
        var form = await http.Request.ReadFormAsync();
        var code = form["code"].ToString();
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(code, out var grant))
        {
            await JsonAsync(http, 400, """{"error":"invalid_grant","error_description":"The code is unknown or was used already."}""");
            return;
        }

        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length < 43 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(challenge), Encoding.ASCII.GetBytes(grant.Challenge)))
        {
            await JsonAsync(http, 400, """{"error":"invalid_grant","error_description":"The code_verifier does not match the code_challenge."}""");
            return;
        }

        if (form["client_id"] != ClientId || form["redirect_uri"] != grant.RedirectUri)
        {
            await JsonAsync(http, 400, """{"error":"invalid_grant","error_description":"client_id or redirect_uri differ from the authorization request."}""");
            return;
        }

        var token = Mint(grant.User);
        lock (_issuedTokens)
        {
            _issuedTokens.Add(token);
        }

        await JsonAsync(http, 200, $$"""{"token_type":"Bearer","scope":"api://{{ClientId}}/user_impersonation","expires_in":3599,"access_token":"{{token}}"}""");
    }

    /// <summary>A v2.0 access token as Entra ID issues it to the console for the operator API: audience the client ID, azp the console (the same app).</summary>
    private string Mint(FakeUser user)
    {
        var claims = new Dictionary<string, object>
        {
            ["oid"] = "7a1c2e3f-4b5d-6e7f-8091-a2b3c4d5e6f7",
            ["tid"] = TenantId,
            ["sub"] = "subject-" + user.UserName,
            ["azp"] = ClientId,
            ["scp"] = "user_impersonation",
            ["name"] = user.Name,
            ["preferred_username"] = user.UserName,
        };
        if (user.Roles.Length > 0)
        {
            claims["roles"] = user.Roles;
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task JsonAsync(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(body);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform's TLS stack can use: a PKCS#12 round trip gives it that.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
        _certificate.Dispose();
        _key.Rsa.Dispose();
    }

    private sealed record Grant(string Challenge, string RedirectUri, FakeUser User);
}

/// <summary>A user of the fake tenant: display name, sign-in name and app roles.</summary>
internal sealed record FakeUser(string Name, string UserName, string[] Roles);
