using System.Security.Claims;

namespace CodatAlerts.Operators;

/// <summary>The outcome of validating one Entra ID token.</summary>
public sealed record TokenCheck(TokenCheckStatus Status, ClaimsIdentity? Identity, string Reason)
{
    public static TokenCheck Valid(ClaimsIdentity identity) => new(TokenCheckStatus.Valid, identity, "valid");

    public static TokenCheck Invalid(string reason) => new(TokenCheckStatus.Invalid, null, reason);

    public static TokenCheck Unavailable(string reason) => new(TokenCheckStatus.Unavailable, null, reason);
}

/// <summary>Whether a token was accepted, refused, or could not be checked because the signing keys could not be fetched.</summary>
public enum TokenCheckStatus
{
    Valid,
    Invalid,
    Unavailable,
}
