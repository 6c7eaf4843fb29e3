using Microsoft.Extensions.Options;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Authenticates a Codat alert against the credentials configured for the client it names (reference §1.1, §1.4),
/// failing closed: nothing configured is 401, a client nobody configured is 403.
/// </summary>
internal sealed class AlertAuthenticator(IOptions<IntakeOptions> options, TimeProvider time) : IAlertAuthenticator
{
    private readonly ClientCredentialsCatalog _catalog = new(options.Value, time);

    public AuthenticationResult Authenticate(string? clientId, IRequestHeaders headers, ReadOnlySpan<byte> body)
    {
        var delivery = StandardWebhookSignature.IsSignedDelivery(headers) ? DeliveryMode.Signed : DeliveryMode.Legacy;

        if (_catalog.IsEmpty)
            return new(AuthenticationStatus.Unauthenticated, AuthenticationReasons.NoCredentialsConfigured, delivery);

        if (!_catalog.TryFind(clientId, out var credentials))
            return new(AuthenticationStatus.Forbidden, AuthenticationReasons.UnknownClient, delivery);

        return credentials.Authenticate(headers, body, delivery);
    }
}
