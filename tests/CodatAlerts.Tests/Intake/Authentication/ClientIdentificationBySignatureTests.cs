using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>
/// A signed delivery without <c>X-Codat-ClientId</c> belongs to the listed client whose signing secret verifies it
/// (issue 12); with the header, the named client alone decides, as before.
/// </summary>
public sealed class ClientIdentificationBySignatureTests
{
    private const string ClientC = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

    /// <summary>Three listed clients with a secret each (client B rotating: two), and optionally a default client.</summary>
    private static IntakeOptions ThreeClients(ClientCredentialsOptions? defaultClient = null, CredentialRequirement requireOfB = CredentialRequirement.Any) =>
        OptionsWith(
            defaultClient,
            Client(ClientA, secrets: [ClientSecrets[0]]),
            Client(ClientB, authorization: [BearerTwo], secrets: [ClientSecrets[1], ClientSecrets[2]], require: requireOfB),
            Client(ClientC, secrets: [ClientSecrets[3]]));

    private static HeaderBag SignedBy(string secret) => SignedHeaders(Sign(secret, VectorId, VectorTimestamp, VectorBody));

    [Theory]
    [InlineData(0, ClientA)]
    [InlineData(1, ClientB)]
    [InlineData(2, ClientB)]
    [InlineData(3, ClientC)]
    public void Without_the_header_the_client_whose_secret_verifies_is_the_alerts_client(int secret, string expected)
    {
        // Arrange
        var authenticator = Authenticator(ThreeClients());

        // Act
        var result = authenticator.Authenticate(null, SignedBy(ClientSecrets[secret]), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureVerified, result.Reason);
        Assert.Equal(expected, result.ClientId);
        Assert.Equal(ClientIdSource.Signature, result.ClientIdSource);
    }

    [Fact]
    public void Without_the_header_and_no_listed_secret_verifying_the_default_client_decides_as_before()
    {
        // Arrange
        var authenticator = Authenticator(ThreeClients(Client(null, secrets: [ClientSecrets[4]], require: CredentialRequirement.Signature)));

        // Act
        var byDefault = authenticator.Authenticate(null, SignedBy(ClientSecrets[4]), Body);
        var byNobody = authenticator.Authenticate(null, SignedBy(ClientSecrets[5]), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, byDefault.Status);
        Assert.Equal(string.Empty, byDefault.ClientId);
        Assert.Equal(ClientIdSource.Default, byDefault.ClientIdSource);
        Assert.Equal(AuthenticationStatus.Unauthenticated, byNobody.Status);
        Assert.Equal(AuthenticationReasons.SignatureMismatch, byNobody.Reason);
    }

    [Fact]
    public void Without_the_header_a_default_client_without_secrets_still_accepts_by_its_authorization()
    {
        // Arrange: a signed consumer with a custom Authorization header, the default client knowing only that value.
        var authenticator = Authenticator(ThreeClients(Client(null, authorization: [BearerOne])));
        var headers = SignedBy(ClientSecrets[5]).With("Authorization", BearerOne);

        // Act
        var result = authenticator.Authenticate(null, headers, Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationVerified, result.Reason);
        Assert.Equal(ClientIdSource.Default, result.ClientIdSource);
    }

    [Fact]
    public void Without_the_header_and_without_a_default_client_a_signature_nobody_verifies_is_401_not_403()
    {
        // Arrange
        var authenticator = Authenticator(ThreeClients());

        // Act
        var wrongSecret = authenticator.Authenticate(null, SignedBy(ClientSecrets[5]), Body);
        var stale = Authenticator(ThreeClients(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(VectorTime.AddMinutes(6)))
            .Authenticate(null, SignedBy(ClientSecrets[0]), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, wrongSecret.Status);
        Assert.Equal(AuthenticationReasons.SignatureMismatch, wrongSecret.Reason);
        Assert.Equal(AuthenticationStatus.Unauthenticated, stale.Status);
        Assert.Equal(AuthenticationReasons.TimestampOutOfTolerance, stale.Reason);
    }

    [Fact]
    public void Without_the_header_the_identified_clients_whole_requirement_applies_and_never_falls_through()
    {
        // Arrange: client B needs its Authorization header too; the default client accepts BearerOne, which must not matter.
        var authenticator = Authenticator(ThreeClients(Client(null, authorization: [BearerOne]), CredentialRequirement.Both));

        // Act
        var withoutAuthorization = authenticator.Authenticate(null, SignedBy(ClientSecrets[1]).With("Authorization", BearerOne), Body);
        var withAuthorization = authenticator.Authenticate(null, SignedBy(ClientSecrets[1]).With("Authorization", BearerTwo), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, withoutAuthorization.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationMismatch, withoutAuthorization.Reason);
        Assert.Equal(ClientB, withoutAuthorization.ClientId);
        Assert.Equal(AuthenticationReasons.AuthorizationAndSignatureVerified, withAuthorization.Reason);
        Assert.Equal(ClientB, withAuthorization.ClientId);
    }

    [Fact]
    public void With_the_header_a_client_whose_secrets_do_not_verify_is_401_even_when_another_clients_do()
    {
        // Arrange
        var authenticator = Authenticator(ThreeClients(Client(null, secrets: [ClientSecrets[4]])));

        // Act
        var result = authenticator.Authenticate(ClientA, SignedBy(ClientSecrets[3]), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureMismatch, result.Reason);
        Assert.Equal(ClientIdSource.Header, result.ClientIdSource);
    }

    [Fact]
    public void With_the_header_the_named_client_is_the_alerts_client_in_its_normal_form()
    {
        // Arrange
        var authenticator = Authenticator(ThreeClients());

        // Act
        var result = authenticator.Authenticate(" " + ClientC.ToUpperInvariant(), SignedBy(ClientSecrets[3]), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(ClientC, result.ClientId);
        Assert.Equal(ClientIdSource.Header, result.ClientIdSource);
    }

    [Fact]
    public void A_header_carrying_signatures_of_two_clients_is_refused_as_ambiguous()
    {
        // Arrange
        var authenticator = Authenticator(ThreeClients());
        var both = Sign(ClientSecrets[0], VectorId, VectorTimestamp, VectorBody) + " " + Sign(ClientSecrets[3], VectorId, VectorTimestamp, VectorBody);

        // Act
        var result = authenticator.Authenticate(null, SignedHeaders(both), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureAmbiguous, result.Reason);
    }

    [Fact]
    public void A_legacy_delivery_without_the_header_still_goes_to_the_default_client_or_is_403()
    {
        // Arrange
        var withDefault = Authenticator(ThreeClients(Client(null, authorization: [BearerOne])));
        var withoutDefault = Authenticator(ThreeClients());
        var headers = new HeaderBag().With("Authorization", BearerOne);

        // Act
        var accepted = withDefault.Authenticate(null, headers, Body);
        var forbidden = withoutDefault.Authenticate(null, headers, Body);

        // Assert
        Assert.Equal(ClientIdSource.Default, accepted.ClientIdSource);
        Assert.Equal(AuthenticationStatus.Authenticated, accepted.Status);
        Assert.Equal(AuthenticationStatus.Forbidden, forbidden.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_walk_checks_every_configured_secret_whichever_matches_or_none(int secret)
    {
        // Arrange: 4 listed secrets and 1 default secret.
        var catalog = new ClientCredentialsCatalog(ThreeClients(Client(null, secrets: [ClientSecrets[4]])), ClockAtVector());

        // Act
        var match = catalog.IdentifyBySignature(SignedBy(ClientSecrets[secret]), Body);

        // Assert
        Assert.Equal(5, match.SecretsChecked);
        Assert.Equal(secret == 5, !match.Succeeded);
    }

    [Fact]
    public void The_walk_over_one_hundred_clients_checks_one_hundred_secrets_for_the_first_and_the_last()
    {
        // Arrange
        var clients = Enumerable.Range(0, 100)
            .Select(i => Client($"client-{i:000}", secrets: [SecretFor(i)]))
            .ToArray();
        var authenticatorOptions = OptionsWith(null, clients);
        var catalog = new ClientCredentialsCatalog(authenticatorOptions, ClockAtVector());

        // Act
        var first = catalog.IdentifyBySignature(SignedBy(SecretFor(0)), Body);
        var last = catalog.IdentifyBySignature(SignedBy(SecretFor(99)), Body);

        // Assert
        Assert.Equal((0, 100), (first.Owner, first.SecretsChecked));
        Assert.Equal((99, 100), (last.Owner, last.SecretsChecked));
        Assert.Equal("client-099", catalog.SigningClient(last.Owner).ClientId);

        static string SecretFor(int i) => "whsec_" + Convert.ToBase64String(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"client-secret-{i}")));
    }

    [Fact]
    public void A_named_client_checks_only_its_own_secrets()
    {
        // Arrange
        var signature = new StandardWebhookSignature(
            [.. new[] { ClientSecrets[1], ClientSecrets[2] }.Select(s => SigningSecret.TryParse(s, out var parsed, out _) ? parsed : null!)],
            ClockAtVector());

        // Act
        var match = signature.Match(SignedBy(ClientSecrets[2]), Body);

        // Assert
        Assert.True(match.Succeeded);
        Assert.Equal(2, match.SecretsChecked);
    }
}
