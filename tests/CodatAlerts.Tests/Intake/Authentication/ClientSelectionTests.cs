using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>Which client's credentials apply, and failing closed when there are none.</summary>
public sealed class ClientSelectionTests
{
    private static HeaderBag Bearer(string value) => new HeaderBag().With("Authorization", value);

    [Fact]
    public void Authenticate_checks_the_credentials_of_the_client_named_in_the_header()
    {
        // Arrange
        var authenticator = Authenticator(OptionsWith(
            null, Client(ClientA, authorization: [BearerOne]), Client(ClientB, authorization: [BearerTwo])));

        // Act
        var own = authenticator.Authenticate(ClientB, Bearer(BearerTwo), Body);
        var other = authenticator.Authenticate(ClientB, Bearer(BearerOne), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, own.Status);
        Assert.Equal(AuthenticationStatus.Unauthenticated, other.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationMismatch, other.Reason);
    }

    [Theory]
    [InlineData("BAE71D36-FF47-420A-B4A6-F8C9DDF41140")]
    [InlineData("  bae71d36-ff47-420a-b4a6-f8c9ddf41140 ")]
    public void Authenticate_finds_a_client_whatever_the_case_and_surrounding_spaces_of_its_id(string clientId)
    {
        // Arrange
        var authenticator = Authenticator(OptionsWith(null, Client(ClientA, authorization: [BearerOne])));

        // Act
        var result = authenticator.Authenticate(clientId, Bearer(BearerOne), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(ClientB)]
    public void Authenticate_uses_the_default_client_when_the_id_is_absent_or_not_listed(string? clientId)
    {
        // Arrange
        var authenticator = Authenticator(OptionsWith(
            Client(null, authorization: [BearerTwo]), Client(ClientA, authorization: [BearerOne])));

        // Act
        var withDefault = authenticator.Authenticate(clientId, Bearer(BearerTwo), Body);
        var withListed = authenticator.Authenticate(clientId, Bearer(BearerOne), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, withDefault.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationMismatch, withListed.Reason);
    }

    [Fact]
    public void Authenticate_does_not_fall_back_to_the_default_for_a_listed_client()
    {
        // Arrange
        var authenticator = Authenticator(OptionsWith(
            Client(null, authorization: [BearerTwo]), Client(ClientA, authorization: [BearerOne])));

        // Act
        var result = authenticator.Authenticate(ClientA, Bearer(BearerTwo), Body);

        // Assert
        Assert.Equal(AuthenticationReasons.AuthorizationMismatch, result.Reason);
    }

    [Theory]
    [InlineData(ClientB)]
    [InlineData(null)]
    public void Authenticate_forbids_a_client_neither_listed_nor_covered_by_a_default(string? clientId)
    {
        // Arrange
        var authenticator = Authenticator(OptionsWith(null, Client(ClientA, authorization: [BearerOne])));

        // Act
        var result = authenticator.Authenticate(clientId, Bearer(BearerOne), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Forbidden, result.Status);
        Assert.Equal(AuthenticationReasons.UnknownClient, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_everything_when_no_credentials_are_configured()
    {
        // Arrange
        var authenticator = Authenticator(new IntakeOptions());

        // Act
        var result = authenticator.Authenticate(ClientA, Bearer(BearerOne), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.NoCredentialsConfigured, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_a_listed_client_that_has_no_credentials()
    {
        // Arrange: only reachable when the validator did not run; the authenticator still fails closed.
        var authenticator = Authenticator(OptionsWith(null, Client(ClientA)));

        // Act
        var result = authenticator.Authenticate(ClientA, Bearer(BearerOne), Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.NoCredentialsConfigured, result.Reason);
    }
}
