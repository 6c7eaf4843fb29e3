namespace CodatAlerts.Intake.Authentication;

/// <summary>One client's credentials, ready for requests, and the rule that says which of them a request must pass.</summary>
internal sealed class ClientCredentials(
    AuthorizationHeaderCheck? authorization,
    StandardWebhookSignature? signature,
    CredentialRequirement require)
{
    /// <summary>The accepted <c>Authorization</c> values; null when none are configured.</summary>
    public AuthorizationHeaderCheck? Authorization { get; } = authorization;

    /// <summary>The signing secrets; null when none are configured.</summary>
    public StandardWebhookSignature? Signature { get; } = signature;

    /// <summary>What a request must prove.</summary>
    public CredentialRequirement Require { get; } = require;

    /// <summary>Checks the request against these credentials, on behalf of <paramref name="clientId"/>.</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="delivery">How it was delivered.</param>
    /// <param name="clientId">The client the result names, in normalized form.</param>
    /// <param name="source">How <paramref name="clientId"/> was learnt.</param>
    /// <param name="signature">The verdict on the signature when it was already checked against these secrets (while
    /// identifying the client by signature), so that the MACs are not computed twice; null to check it here.</param>
    public AuthenticationResult Authenticate(
        IRequestHeaders headers,
        ReadOnlySpan<byte> body,
        DeliveryMode delivery,
        string clientId,
        ClientIdSource source,
        CredentialCheck? signature = null)
    {
        if (Authorization is null && Signature is null)
            return Unauthenticated(AuthenticationReasons.NoCredentialsConfigured);

        var (checkAuthorization, checkSignature) = Require switch
        {
            CredentialRequirement.Authorization => (true, false),
            CredentialRequirement.Signature => (false, true),
            CredentialRequirement.Both => (true, true),
            // Any: every configured method the request presents, and at least one of them.
            _ => (Authorization is not null && AuthorizationHeaderCheck.IsPresented(headers),
                  Signature is not null && StandardWebhookSignature.IsPresented(headers)),
        };

        if (!checkAuthorization && !checkSignature)
            return Unauthenticated(NothingPresentedReason());

        if (checkAuthorization)
        {
            var check = Authorization?.Check(headers) ?? CredentialCheck.Failed(AuthenticationReasons.NoCredentialsConfigured);
            if (!check.Succeeded)
                return Unauthenticated(check.FailureReason!);
        }

        if (checkSignature)
        {
            var check = Signature is null ? CredentialCheck.Failed(AuthenticationReasons.NoCredentialsConfigured)
                : signature ?? Signature.Verify(headers, body);
            if (!check.Succeeded)
                return Unauthenticated(check.FailureReason!);
        }

        var reason = (checkAuthorization, checkSignature) switch
        {
            (true, true) => AuthenticationReasons.AuthorizationAndSignatureVerified,
            (true, false) => AuthenticationReasons.AuthorizationVerified,
            _ => AuthenticationReasons.SignatureVerified,
        };
        return new AuthenticationResult(AuthenticationStatus.Authenticated, reason, delivery) { ClientId = clientId, ClientIdSource = source };

        AuthenticationResult Unauthenticated(string failure) =>
            new(AuthenticationStatus.Unauthenticated, failure, delivery) { ClientId = clientId, ClientIdSource = source };
    }

    /// <summary>Under <see cref="CredentialRequirement.Any"/>, names what was missing in terms of what is configured.</summary>
    private string NothingPresentedReason() => (Authorization, Signature) switch
    {
        (not null, null) => AuthenticationReasons.AuthorizationMissing,
        (null, not null) => AuthenticationReasons.SignatureHeadersMissing,
        _ => AuthenticationReasons.CredentialsMissing,
    };
}
