using Azure.Identity;
using CodatAlerts.Functions.Telemetry;

namespace CodatAlerts.Tests.Telemetry;

public sealed class ApplicationInsightsAuthenticationTests
{
    [Theory]
    [InlineData("ClientId=8f7e3c7a-1111-2222-3333-444455556666;Authorization=AAD")]
    [InlineData("Authorization=aad; ClientId=8f7e3c7a-1111-2222-3333-444455556666")]
    [InlineData("Authorization=AAD")]
    public void Entra_ingestion_uses_a_managed_identity_credential(string authenticationString)
    {
        // Act
        var credential = ApplicationInsightsAuthentication.CredentialFrom(authenticationString);

        // Assert
        Assert.IsType<ManagedIdentityCredential>(credential);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=8f7e3c7a-1111-2222-3333-444455556666")]
    [InlineData("Authorization=Key")]
    public void Without_Authorization_AAD_no_credential_is_used(string? authenticationString)
    {
        // Act
        var credential = ApplicationInsightsAuthentication.CredentialFrom(authenticationString);

        // Assert
        Assert.Null(credential);
    }
}
