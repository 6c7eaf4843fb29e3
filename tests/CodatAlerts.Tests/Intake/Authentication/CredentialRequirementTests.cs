using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>What each <see cref="CredentialRequirement"/> asks of a request.</summary>
public sealed class CredentialRequirementTests
{
    private const string WrongSignature = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static AuthenticationResult Authenticate(
        CredentialRequirement require, HeaderBag headers, bool withAuthorization = true, bool withSecrets = true)
    {
        var client = Client(
            ClientA,
            authorization: withAuthorization ? [BearerOne] : [],
            secrets: withSecrets ? [VectorSecret] : [],
            require: require);
        return Authenticator(OptionsWith(null, client)).Authenticate(ClientA, headers, Body);
    }

    private static HeaderBag Legacy(string authorization = BearerOne) => new HeaderBag().With("Authorization", authorization);

    private static HeaderBag Signed(string signature = VectorSignature) => SignedHeaders(signature);

    private static HeaderBag SignedWithAuthorization(string signature = VectorSignature, string authorization = BearerOne) =>
        SignedHeaders(signature).With("Authorization", authorization);

    [Fact]
    public void Authorization_requirement_accepts_a_matching_header_and_ignores_the_signature()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Authorization, SignedWithAuthorization(signature: WrongSignature));

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationVerified, result.Reason);
    }

    [Fact]
    public void Authorization_requirement_refuses_a_signed_request_without_the_header()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Authorization, Signed());

        // Assert
        Assert.Equal(AuthenticationReasons.AuthorizationMissing, result.Reason);
    }

    [Fact]
    public void Signature_requirement_accepts_a_valid_signature_and_ignores_the_header()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Signature, SignedWithAuthorization(authorization: BearerTwo));

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureVerified, result.Reason);
    }

    [Fact]
    public void Signature_requirement_refuses_a_legacy_request_even_with_a_matching_header()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Signature, Legacy());

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureHeadersMissing, result.Reason);
        Assert.Equal(DeliveryMode.Legacy, result.Delivery);
    }

    [Fact]
    public void Both_requirement_accepts_a_request_that_passes_both()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Both, SignedWithAuthorization());

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationAndSignatureVerified, result.Reason);
    }

    [Theory]
    [InlineData(BearerTwo, VectorSignature, AuthenticationReasons.AuthorizationMismatch)]
    [InlineData(BearerOne, WrongSignature, AuthenticationReasons.SignatureMismatch)]
    public void Both_requirement_refuses_a_request_that_fails_either(string authorization, string signature, string reason)
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Both, SignedWithAuthorization(signature, authorization));

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Both_requirement_refuses_a_legacy_request()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Both, Legacy());

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureHeadersMissing, result.Reason);
    }

    [Fact]
    public void Any_requirement_accepts_a_legacy_request_with_a_matching_header()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Any, Legacy());

        // Assert
        Assert.Equal(AuthenticationReasons.AuthorizationVerified, result.Reason);
    }

    [Fact]
    public void Any_requirement_accepts_a_signed_request_without_the_header()
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Any, Signed());

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureVerified, result.Reason);
    }

    [Theory]
    [InlineData(BearerTwo, VectorSignature, AuthenticationReasons.AuthorizationMismatch)]
    [InlineData(BearerOne, WrongSignature, AuthenticationReasons.SignatureMismatch)]
    [InlineData(BearerOne, VectorSignature, AuthenticationReasons.AuthorizationAndSignatureVerified)]
    public void Any_requirement_checks_every_configured_method_the_request_presents(
        string authorization, string signature, string reason)
    {
        // Arrange, Act
        var result = Authenticate(CredentialRequirement.Any, SignedWithAuthorization(signature, authorization));

        // Assert
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Any_requirement_ignores_a_presented_method_that_is_not_configured()
    {
        // Arrange: a migrated rule keeps sending its custom Authorization header; only the secret is configured.
        var headers = SignedWithAuthorization(authorization: "Bearer left-over-from-the-legacy-rule");

        // Act
        var result = Authenticate(CredentialRequirement.Any, headers, withAuthorization: false);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureVerified, result.Reason);
    }

    [Theory]
    [InlineData(true, true, AuthenticationReasons.CredentialsMissing)]
    [InlineData(true, false, AuthenticationReasons.AuthorizationMissing)]
    [InlineData(false, true, AuthenticationReasons.SignatureHeadersMissing)]
    public void Any_requirement_refuses_a_request_that_presents_no_configured_method(
        bool withAuthorization, bool withSecrets, string reason)
    {
        // Arrange
        var headers = withAuthorization ? new HeaderBag() : Legacy();

        // Act
        var result = Authenticate(CredentialRequirement.Any, headers, withAuthorization, withSecrets);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Any_requirement_checks_an_incomplete_set_of_signature_headers()
    {
        // Arrange: a signature without its id must not slip through as "nothing presented" next to a good header.
        var headers = SignedWithAuthorization().Without("webhook-id");

        // Act
        var result = Authenticate(CredentialRequirement.Any, headers);

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureHeadersMissing, result.Reason);
    }
}
