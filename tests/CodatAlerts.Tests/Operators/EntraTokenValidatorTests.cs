using System.Security.Cryptography;
using System.Text;
using CodatAlerts.Operators;
using Microsoft.IdentityModel.Tokens;

namespace CodatAlerts.Tests.Operators;

/// <summary>Real RS256 JWTs against a tenant whose metadata and keys are served over loopback HTTP.</summary>
public sealed class EntraTokenValidatorTests : IDisposable
{
    private readonly TestTenant _tenant = new();

    public void Dispose() => _tenant.Dispose();

    [Theory]
    [InlineData("v2", TestTenant.ClientId)]
    [InlineData("v2", "api://" + TestTenant.ClientId)]
    [InlineData("v1", "api://" + TestTenant.ClientId)]
    [InlineData("v1", TestTenant.ClientId)]
    public async Task Accepts_an_access_token_of_either_issuer_form_for_either_audience_form(string version, string audience)
    {
        // Arrange
        var token = _tenant.Mint(new TokenSpec
        {
            Issuer = version == "v1" ? TestTenant.IssuerV1 : TestTenant.IssuerV2,
            Audience = audience,
            Roles = [OperatorRoles.Reader],
        });

        // Act
        var check = await _tenant.Validator().ValidateAsync(token, EntraTokenKind.Access, CancellationToken.None);

        // Assert
        Assert.Equal(TokenCheckStatus.Valid, check.Status);
        Assert.Equal(OperatorRoles.Reader, check.Identity!.FindFirst("roles")!.Value);
    }

    [Theory]
    [InlineData("wrong issuer")]
    [InlineData("wrong audience")]
    [InlineData("expired")]
    [InlineData("not yet valid")]
    [InlineData("signed by an unknown key")]
    [InlineData("bad signature")]
    public async Task Refuses_a_token_that_fails_a_check(string reason)
    {
        // Arrange
        var spec = reason switch
        {
            "wrong issuer" => new TokenSpec { Issuer = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0" },
            "wrong audience" => new TokenSpec { Audience = "api://" + Guid.NewGuid() },
            "expired" => new TokenSpec { Lifetime = (TimeSpan.FromHours(-2), TimeSpan.FromMinutes(-10)) },
            "not yet valid" => new TokenSpec { Lifetime = (TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)) },
            "signed by an unknown key" => new TokenSpec { Key = TestTenant.NewKey("other-key") },
            _ => new TokenSpec { Key = TestTenant.NewKey(TestTenant.KeyId) },
        };
        var token = _tenant.Mint(spec with { Roles = [OperatorRoles.Operator] });

        // Act
        var check = await _tenant.Validator().ValidateAsync(token, EntraTokenKind.Access, CancellationToken.None);

        // Assert
        Assert.Equal(TokenCheckStatus.Invalid, check.Status);
        Assert.Equal(reason, check.Reason);
        Assert.Null(check.Identity);
    }

    [Fact]
    public async Task Refuses_a_token_signed_with_the_tenants_own_key_but_a_symmetric_algorithm()
    {
        // Arrange: HS256 keyed with bytes an attacker could know (alg confusion).
        var key = new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes("public modulus"))) { KeyId = TestTenant.KeyId };
        var token = _tenant.Mint(new TokenSpec { Key = key, Algorithm = SecurityAlgorithms.HmacSha256, Roles = [OperatorRoles.Operator] });

        // Act
        var check = await _tenant.Validator().ValidateAsync(token, EntraTokenKind.Access, CancellationToken.None);

        // Assert
        Assert.Equal(TokenCheckStatus.Invalid, check.Status);
    }

    [Fact]
    public async Task Refuses_an_unsigned_token()
    {
        // Arrange: a valid token's header and payload with "alg":"none" and no signature.
        var parts = _tenant.AccessToken(OperatorRoles.Operator).Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");

        // Act
        var check = await _tenant.Validator().ValidateAsync($"{header}.{parts[1]}.", EntraTokenKind.Access, CancellationToken.None);

        // Assert
        Assert.Equal(TokenCheckStatus.Invalid, check.Status);
    }

    [Fact]
    public async Task Refuses_an_id_token_presented_as_an_access_token_but_accepts_it_from_the_session_header()
    {
        // Arrange: an ID token names the app as audience too, but carries no azp/appid.
        var token = _tenant.Mint(new TokenSpec { AccessToken = false, UserName = "ops@example.com", Roles = [OperatorRoles.Operator] });
        var validator = _tenant.Validator();

        // Act
        var asAccess = await validator.ValidateAsync(token, EntraTokenKind.Access, CancellationToken.None);
        var asSession = await validator.ValidateAsync(token, EntraTokenKind.Id, CancellationToken.None);

        // Assert
        Assert.Equal("not an access token", asAccess.Reason);
        Assert.Equal(TokenCheckStatus.Valid, asSession.Status);
    }

    [Fact]
    public async Task Fetches_the_tenants_metadata_once_for_many_tokens()
    {
        // Arrange
        var validator = _tenant.Validator();

        // Act
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(TokenCheckStatus.Valid, (await validator.ValidateAsync(_tenant.AccessToken(), EntraTokenKind.Access, CancellationToken.None)).Status);
        }

        // Assert
        Assert.Equal(1, _tenant.MetadataRequests);
    }

    [Fact]
    public async Task Answers_unavailable_not_invalid_when_the_signing_keys_cannot_be_fetched()
    {
        // Arrange
        _tenant.GoOffline();

        // Act
        var check = await _tenant.Validator().ValidateAsync(_tenant.AccessToken(OperatorRoles.Operator), EntraTokenKind.Access, CancellationToken.None);

        // Assert
        Assert.Equal(TokenCheckStatus.Unavailable, check.Status);
    }
}
