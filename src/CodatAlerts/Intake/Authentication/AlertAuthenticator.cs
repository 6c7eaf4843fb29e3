using Microsoft.Extensions.Options;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Authenticates a Codat alert against the credentials configured for its client (reference §1.1, §1.4), failing
/// closed: nothing configured is 401, a client nobody configured is 403.
/// </summary>
/// <remarks>
/// The client is the one <c>X-Codat-ClientId</c> names, when present: its credentials alone decide, never another
/// client's. Without the header (a signed consumer set up without the custom header), a signed delivery belongs to the
/// listed client whose signing secret verifies it; when none does, the default client's credentials decide, as for any
/// delivery that names no client. A header naming an unlisted client does not scope a delivery that the default client's
/// signature verified (see <see cref="ScopedBySignature"/>).
/// </remarks>
internal sealed class AlertAuthenticator(IOptions<IntakeOptions> options, TimeProvider time) : IAlertAuthenticator
{
    private readonly ClientCredentialsCatalog _catalog = new(options.Value, time);

    public AuthenticationResult Authenticate(string? clientId, IRequestHeaders headers, ReadOnlySpan<byte> body)
    {
        var delivery = StandardWebhookSignature.IsSignedDelivery(headers) ? DeliveryMode.Signed : DeliveryMode.Legacy;

        if (_catalog.IsEmpty)
            return new(AuthenticationStatus.Unauthenticated, AuthenticationReasons.NoCredentialsConfigured, delivery);

        if (!string.IsNullOrWhiteSpace(clientId))
        {
            if (_catalog.TryFindListed(clientId, out var listed))
                return listed.Credentials.Authenticate(headers, body, delivery, listed.ClientId, ClientIdSource.Header);

            return _catalog.Default is { } fallback
                ? ScopedBySignature(fallback.Authenticate(headers, body, delivery, CodatClientId.Normalize(clientId), ClientIdSource.Header))
                : Forbidden(delivery);
        }

        if (delivery == DeliveryMode.Signed && _catalog.CanIdentifyBySignature)
            return AuthenticateBySignature(headers, body, delivery);

        return _catalog.Default is { } defaultClient
            ? defaultClient.Authenticate(headers, body, delivery, string.Empty, ClientIdSource.Default)
            : Forbidden(delivery);
    }

    private AuthenticationResult AuthenticateBySignature(IRequestHeaders headers, ReadOnlySpan<byte> body, DeliveryMode delivery)
    {
        var match = _catalog.IdentifyBySignature(headers, body);
        if (match.Succeeded && match.Owner != _catalog.DefaultOwner)
        {
            // That client's requirement still applies in full (an Authorization header it also needs, say); a failure
            // there is its 401, never a fall-through to another client.
            var identified = _catalog.SigningClient(match.Owner);
            return identified.Credentials.Authenticate(
                headers, body, delivery, identified.ClientId, ClientIdSource.Signature, CredentialCheck.Passed);
        }

        if (match.FailureReason == AuthenticationReasons.SignatureAmbiguous || _catalog.Default is not { } fallback)
            return new(AuthenticationStatus.Unauthenticated, match.FailureReason ?? AuthenticationReasons.SignatureMismatch, delivery)
            {
                ClientIdSource = ClientIdSource.Signature,
            };

        // No listed client's secret verified: the default client decides exactly as for any delivery without header. Its
        // own secrets were part of the walk, so their verdict is passed on rather than computed again.
        CredentialCheck defaultSignature = match.Succeeded ? CredentialCheck.Passed : CredentialCheck.Failed(match.FailureReason!);
        return fallback.Authenticate(headers, body, delivery, string.Empty, ClientIdSource.Default, defaultSignature);
    }

    /// <summary>
    /// An unlisted client's delivery that the default client's signature verified belongs to the default client's scope,
    /// not to the unsigned header's: the signature binds the message id and the body, never the header, so a captured
    /// delivery replayed within the timestamp tolerance under new client IDs must land where the first copy did, on the
    /// same dedup key, and run once. The header stays on the result as the sender's unsigned claim. A delivery the
    /// default client accepted by its <c>Authorization</c> value alone keeps the header's scope: whoever holds that value
    /// can send any alert under any ID anyway, so no scope could stop a replay of it.
    /// </summary>
    private static AuthenticationResult ScopedBySignature(AuthenticationResult result) =>
        result.Status == AuthenticationStatus.Authenticated
        && result.Reason is AuthenticationReasons.SignatureVerified or AuthenticationReasons.AuthorizationAndSignatureVerified
            ? result with { ClientId = string.Empty, ClientIdSource = ClientIdSource.Default, ClaimedClientId = result.ClientId }
            : result;

    private static AuthenticationResult Forbidden(DeliveryMode delivery) =>
        new(AuthenticationStatus.Forbidden, AuthenticationReasons.UnknownClient, delivery);
}
