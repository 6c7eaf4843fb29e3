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

    public AuthenticationResult Authenticate(IRequestHeaders headers, ReadOnlySpan<byte> body, DeliveryMode delivery)
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
            var check = Signature?.Verify(headers, body) ?? CredentialCheck.Failed(AuthenticationReasons.NoCredentialsConfigured);
            if (!check.Succeeded)
                return Unauthenticated(check.FailureReason!);
        }

        var reason = (checkAuthorization, checkSignature) switch
        {
            (true, true) => AuthenticationReasons.AuthorizationAndSignatureVerified,
            (true, false) => AuthenticationReasons.AuthorizationVerified,
            _ => AuthenticationReasons.SignatureVerified,
        };
        return new AuthenticationResult(AuthenticationStatus.Authenticated, reason, delivery);

        AuthenticationResult Unauthenticated(string failure) => new(AuthenticationStatus.Unauthenticated, failure, delivery);
    }

    /// <summary>Under <see cref="CredentialRequirement.Any"/>, names what was missing in terms of what is configured.</summary>
    private string NothingPresentedReason() => (Authorization, Signature) switch
    {
        (not null, null) => AuthenticationReasons.AuthorizationMissing,
        (null, not null) => AuthenticationReasons.SignatureHeadersMissing,
        _ => AuthenticationReasons.CredentialsMissing,
    };
}
