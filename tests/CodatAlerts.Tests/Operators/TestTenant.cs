using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CodatAlerts.Operators;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CodatAlerts.Tests.Operators;

/// <summary>
/// A stand-in Entra ID tenant: an RSA signing key made for the test, and its OpenID metadata and JWKS served over HTTP
/// from a loopback <see cref="HttpListener"/>, read by the real <see cref="ConfigurationManager{T}"/>. It mints real
/// signed JWTs with whatever issuer, audience, lifetime, key and claims a test asks for.
/// </summary>
internal sealed class TestTenant : IDisposable
{
    public const string TenantId = "6f1b6c3e-0d5f-4f55-9a0e-1c2b3d4e5f60";
    public const string ClientId = "0b7e9d2a-8c1f-4e3d-b5a6-7f8091a2b3c4";
    public const string ScriptAppId = "2c4e6a8b-1d3f-4a5b-8c7d-9e0f1a2b3c4d";
    public const string KeyId = "test-key-1";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _metadataRequests;

    public TestTenant()
    {
        SigningKey = NewKey(KeyId);
        var port = FreePort();
        BaseAddress = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseAddress);
        _listener.Start();
        _serving = ServeAsync();
        Metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            $"{BaseAddress}{TenantId}/v2.0/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = false });
    }

    public static string IssuerV2 => $"{EntraIdOptions.PublicCloudInstance}{TenantId}/v2.0";

    public static string IssuerV1 => $"https://sts.windows.net/{TenantId}/";

    public string BaseAddress { get; }

    public RsaSecurityKey SigningKey { get; }

    public IConfigurationManager<OpenIdConnectConfiguration> Metadata { get; }

    /// <summary>How many times the metadata document was fetched (the JWKS is fetched along with it).</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    /// <summary>Options as the app would bind them from <c>Operators__EntraId__*</c>.</summary>
    public static IOptions<OperatorAccessOptions> Options(bool allowFunctionKeys = false) => Microsoft.Extensions.Options.Options.Create(new OperatorAccessOptions
    {
        EntraId = new EntraIdOptions { TenantId = TenantId, ClientId = ClientId },
        AllowFunctionKeys = allowFunctionKeys,
    });

    public EntraTokenValidator Validator() => new(Options(), Metadata);

    public static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    /// <summary>A v2.0 access token a script's app got for this API with client credentials, carrying <paramref name="roles"/>.</summary>
    public string AccessToken(params string[] roles) => Mint(new TokenSpec { Roles = roles });

    public string Mint(TokenSpec spec)
    {
        var claims = new Dictionary<string, object>
        {
            ["oid"] = "7a1c2e3f-4b5d-6e7f-8091-a2b3c4d5e6f7",
            ["tid"] = TenantId,
            ["sub"] = "subject-1",
        };
        if (spec.Roles.Length > 0)
        {
            claims["roles"] = spec.Roles;
        }

        if (spec.AccessToken)
        {
            claims[spec.Issuer == IssuerV1 ? "appid" : "azp"] = ScriptAppId;
        }

        if (spec.UserName is { } user)
        {
            claims["preferred_username"] = user;
        }

        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer ?? IssuerV2,
            Audience = spec.Audience ?? ClientId,
            IssuedAt = now.Add(spec.Lifetime.Start),
            NotBefore = now.Add(spec.Lifetime.Start),
            Expires = now.Add(spec.Lifetime.End),
            Claims = claims,
            SigningCredentials = new SigningCredentials(spec.Key ?? SigningKey, spec.Algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Stops serving metadata, as when the tenant's endpoints cannot be reached.</summary>
    public void GoOffline() => _listener.Stop();

    public void Dispose()
    {
        _listener.Close();
        _ = _serving.Exception;
        SigningKey.Rsa.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            string? body = null;
            if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _metadataRequests);
                body = $$"""{"issuer":"{{IssuerV2}}","jwks_uri":"{{BaseAddress}}{{TenantId}}/discovery/v2.0/keys","id_token_signing_alg_values_supported":["RS256"]}""";
            }
            else if (path.EndsWith("/discovery/v2.0/keys", StringComparison.Ordinal))
            {
                var parameters = SigningKey.Rsa.ExportParameters(false);
                body = $$"""{"keys":[{"kty":"RSA","use":"sig","kid":"{{KeyId}}","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""";
            }

            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body ?? "{}");
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>What a minted token says; the defaults make a valid v2.0 access token without roles.</summary>
internal sealed record TokenSpec
{
    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    public string[] Roles { get; init; } = [];

    public bool AccessToken { get; init; } = true;

    public string? UserName { get; init; }

    public SecurityKey? Key { get; init; }

    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;

    public (TimeSpan Start, TimeSpan End) Lifetime { get; init; } = (TimeSpan.FromMinutes(-5), TimeSpan.FromMinutes(55));
}
