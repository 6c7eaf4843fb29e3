namespace CodatAlerts.Intake;

/// <summary>Which credentials a client's alerts must carry.</summary>
public enum CredentialRequirement
{
    /// <summary>
    /// Any configured method that the request uses must pass, and at least one must be used: a signed delivery
    /// (with <c>webhook-*</c> headers) is checked against the signing secrets, an <c>Authorization</c> header against the
    /// accepted values.
    /// </summary>
    Any,

    /// <summary>A matching <c>Authorization</c> header (legacy delivery, or a custom header on a signed consumer).</summary>
    Authorization,

    /// <summary>A valid Standard Webhooks signature.</summary>
    Signature,

    /// <summary>Both a matching <c>Authorization</c> header and a valid signature.</summary>
    Both,
}
