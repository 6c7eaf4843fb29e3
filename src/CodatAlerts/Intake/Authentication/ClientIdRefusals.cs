namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// The 400s about client IDs: a header value outside the accepted form, and a legacy body that names another client
/// than the header. Neither can ever succeed, and neither answer quotes the value.
/// </summary>
internal static class ClientIdRefusals
{
    /// <summary>Problem type (URN suffix) of an <c>X-Codat-ClientId</c> outside the accepted form.</summary>
    public const string InvalidClientId = "invalid-client-id";

    /// <summary>Problem type (URN suffix) of a legacy body whose <c>ClientId</c> differs from the header's.</summary>
    public const string ClientIdMismatch = "client-id-mismatch";

    /// <summary>
    /// A 400 when <paramref name="headerClientId"/> (trimmed, present) is not 1 to <see cref="CodatClientId.MaxLength"/>
    /// characters of <c>[A-Za-z0-9._-]</c>; null when it is, or when there is none.
    /// </summary>
    public static IntakeResult? OfHeader(string? headerClientId) =>
        headerClientId is null || CodatClientId.IsWellFormed(headerClientId)
            ? null
            : IntakeResult.BadRequest(
                InvalidClientId,
                "Invalid client ID",
                $"X-Codat-ClientId must be 1 to {CodatClientId.MaxLength} characters of {CodatClientId.AllowedCharactersText}.");

    /// <summary>
    /// A 400 when the header names a client and a legacy body's <c>ClientId</c> is present but does not name the same
    /// one (compared in <see cref="CodatClientId"/> form): another client means the consumer is misconfigured or the
    /// header spoofed (<see cref="ClientIdMismatch"/>); an empty value (blank, or not a string at all) cannot be compared,
    /// and an identifying field is strict, so it is <see cref="InvalidClientId"/> rather than a check skipped. Null when
    /// there is no header or the body has no <c>ClientId</c> (Codat's older examples omit it).
    /// </summary>
    public static IntakeResult? OfBody(string? headerClientId, string? bodyClientId)
    {
        if (headerClientId is null || bodyClientId is null)
            return null;

        if (bodyClientId.Length == 0)
            return IntakeResult.BadRequest(
                InvalidClientId,
                "Invalid client ID",
                "The body's ClientId must be a non-empty string when X-Codat-ClientId is sent.");

        return string.Equals(CodatClientId.Normalize(headerClientId), CodatClientId.Normalize(bodyClientId), StringComparison.Ordinal)
            ? null
            : IntakeResult.BadRequest(
                ClientIdMismatch,
                "Client ID mismatch",
                "The body's ClientId names another Codat client than X-Codat-ClientId.");
    }
}
