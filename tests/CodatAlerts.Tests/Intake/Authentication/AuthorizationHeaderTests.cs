using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>The legacy <c>Authorization</c> header (reference §1.1): Basic or Bearer, any of several accepted values.</summary>
public sealed class AuthorizationHeaderTests
{
    private readonly AlertAuthenticator _authenticator = Authenticator(OptionsWith(
        defaultClient: null,
        Client(ClientA, authorization: [BearerOne, BearerTwo, BasicOne], require: CredentialRequirement.Authorization)));

    private AuthenticationResult AuthenticateWith(params string[] authorization)
    {
        var headers = new HeaderBag();
        foreach (var value in authorization)
            headers.With("Authorization", value);
        return _authenticator.Authenticate(ClientA, headers, Body);
    }

    [Theory]
    [InlineData(BearerOne)]
    [InlineData(BasicOne)]
    public void Authenticate_accepts_a_configured_value(string header)
    {
        // Arrange, Act
        var result = AuthenticateWith(header);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationVerified, result.Reason);
        Assert.Equal(DeliveryMode.Legacy, result.Delivery);
    }

    [Fact]
    public void Authenticate_accepts_the_second_value_of_a_rotation()
    {
        // Arrange, Act
        var result = AuthenticateWith(BearerTwo);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }

    [Theory]
    [InlineData("bearer token-one-7f3a9c")]
    [InlineData("BEARER token-one-7f3a9c")]
    [InlineData("basic Y29kYXQ6czNjcmV0LW9uZQ==")]
    [InlineData("Bearer   token-one-7f3a9c")]
    public void Authenticate_matches_the_scheme_name_in_any_case(string header)
    {
        // Arrange, Act
        var result = AuthenticateWith(header);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }

    [Theory]
    [InlineData("Bearer TOKEN-ONE-7F3A9C")]
    [InlineData("Bearer token-one-7f3a9")]
    [InlineData("Bearer token-one-7f3a9c-and-more")]
    [InlineData("Bearer Y29kYXQ6czNjcmV0LW9uZQ==")]
    [InlineData("Basic dG9rZW4tb25lLTdmM2E5Yw==")]
    [InlineData("Basic Y29kYXQ6czNjcmV0LXR3bw==")]
    public void Authenticate_refuses_a_value_that_matches_no_accepted_one(string header)
    {
        // Arrange, Act
        var result = AuthenticateWith(header);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationMismatch, result.Reason);
    }

    [Theory]
    [InlineData("Digest username=\"codat\"")]
    [InlineData("Token token-one-7f3a9c")]
    [InlineData("token-one-7f3a9c")]
    public void Authenticate_refuses_an_unsupported_scheme(string header)
    {
        // Arrange, Act
        var result = AuthenticateWith(header);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.UnsupportedScheme, result.Reason);
    }

    [Theory]
    [InlineData("Basic not*base64!")]
    [InlineData("Basic Y29kYXQ6czNjcmV0LW9uZQ=")]
    public void Authenticate_refuses_a_basic_credential_that_is_not_base64(string header)
    {
        // Arrange, Act
        var result = AuthenticateWith(header);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.MalformedBasic, result.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Bearer ")]
    public void Authenticate_refuses_an_empty_header(string header)
    {
        // Arrange, Act
        var result = AuthenticateWith(header);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationEmpty, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_a_header_over_8_KiB_before_reading_it()
    {
        // Arrange
        var header = BearerOne + new string('a', AuthorizationHeaderCheck.MaxHeaderLength);

        // Act
        var result = AuthenticateWith(header);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationOversized, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_two_authorization_headers_even_when_both_match()
    {
        // Arrange, Act
        var result = AuthenticateWith(BearerOne, BearerTwo);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationDuplicated, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_a_request_without_the_header()
    {
        // Arrange, Act
        var result = AuthenticateWith();

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationMissing, result.Reason);
    }

    [Fact]
    public void Authenticate_accepts_a_long_configured_value_that_takes_the_pooled_path()
    {
        // Arrange
        var longToken = "Bearer " + new string('k', 2_000);
        var authenticator = Authenticator(OptionsWith(null, Client(ClientA, authorization: [longToken])));

        // Act
        var result = authenticator.Authenticate(ClientA, new HeaderBag().With("Authorization", longToken), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }
}
