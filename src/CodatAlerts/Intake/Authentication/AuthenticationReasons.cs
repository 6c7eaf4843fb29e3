namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// The reason codes of <see cref="AuthenticationResult.Reason"/>: short, stable and free of secrets, so they can go
/// into logs, the <c>codat.reject_reason</c> metric tag and a problem body as they are.
/// </summary>
public static class AuthenticationReasons
{
    /// <summary>Accepted: the <c>Authorization</c> header matched.</summary>
    public const string AuthorizationVerified = "authorization-verified";

    /// <summary>Accepted: the Standard Webhooks signature verified.</summary>
    public const string SignatureVerified = "signature-verified";

    /// <summary>Accepted: both the <c>Authorization</c> header and the signature passed.</summary>
    public const string AuthorizationAndSignatureVerified = "authorization-and-signature-verified";

    /// <summary>401: no credentials are configured for the client (or at all); the intake fails closed.</summary>
    public const string NoCredentialsConfigured = "no-credentials-configured";

    /// <summary>403: the client ID is neither listed nor covered by a default client.</summary>
    public const string UnknownClient = "unknown-client";

    /// <summary>401: the client accepts either method, and the request carried neither.</summary>
    public const string CredentialsMissing = "credentials-missing";

    /// <summary>401: an <c>Authorization</c> header is required and absent.</summary>
    public const string AuthorizationMissing = "authorization-missing";

    /// <summary>401: the request carried more than one <c>Authorization</c> header.</summary>
    public const string AuthorizationDuplicated = "authorization-duplicated";

    /// <summary>401: the <c>Authorization</c> header, or its credential after the scheme, is empty.</summary>
    public const string AuthorizationEmpty = "authorization-empty";

    /// <summary>401: the <c>Authorization</c> header is longer than any credential this app accepts.</summary>
    public const string AuthorizationOversized = "authorization-oversized";

    /// <summary>401: the <c>Authorization</c> scheme is neither <c>Basic</c> nor <c>Bearer</c>.</summary>
    public const string UnsupportedScheme = "unsupported-scheme";

    /// <summary>401: a <c>Basic</c> credential that is not valid base64.</summary>
    public const string MalformedBasic = "malformed-basic";

    /// <summary>401: the <c>Authorization</c> header matches none of the accepted values.</summary>
    public const string AuthorizationMismatch = "authorization-mismatch";

    /// <summary>401: a signature is required and one of <c>webhook-id</c>, <c>-timestamp</c>, <c>-signature</c> is absent.</summary>
    public const string SignatureHeadersMissing = "signature-headers-missing";

    /// <summary>401: one of the signature headers was sent more than once.</summary>
    public const string SignatureHeadersDuplicated = "signature-headers-duplicated";

    /// <summary>401: <c>webhook-timestamp</c> is not a Unix time in seconds.</summary>
    public const string TimestampInvalid = "timestamp-invalid";

    /// <summary>401: <c>webhook-timestamp</c> is more than five minutes away from now, either way (replay protection).</summary>
    public const string TimestampOutOfTolerance = "timestamp-out-of-tolerance";

    /// <summary>401: <c>webhook-signature</c> holds no <c>v1</c> (HMAC-SHA256) signature.</summary>
    public const string NoV1Signature = "no-v1-signature";

    /// <summary>
    /// 401: no <c>v1</c> signature matches any of the client's signing secrets (or, without <c>X-Codat-ClientId</c>
    /// and without a default client, any listed client's).
    /// </summary>
    public const string SignatureMismatch = "signature-mismatch";

    /// <summary>401: the signatures of one delivery verify with the secrets of two different clients.</summary>
    public const string SignatureAmbiguous = "signature-ambiguous";
}
