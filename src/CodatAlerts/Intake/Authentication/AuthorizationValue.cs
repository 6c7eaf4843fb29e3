using System.Buffers.Text;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// The grammar of an <c>Authorization</c> value as Codat sends it (reference §1.1): <c>Basic &lt;base64&gt;</c> or
/// <c>Bearer &lt;token&gt;</c>. Shared by the configuration (checked at start-up) and the request (checked per call), so
/// both sides reduce to the same canonical form: the scheme's name as written here, one space, the credential as is.
/// </summary>
internal static class AuthorizationValue
{
    public const string Basic = "Basic";
    public const string Bearer = "Bearer";

    /// <summary>
    /// Splits <paramref name="value"/> into its canonical scheme name and its credential. The scheme is matched
    /// case-insensitively (RFC 9110 §11.1); the credential is left exactly as sent.
    /// </summary>
    /// <returns>Null on success, else the <see cref="AuthenticationReasons"/> code of the problem.</returns>
    public static string? TryParse(ReadOnlySpan<char> value, out string scheme, out ReadOnlySpan<char> credential)
    {
        scheme = string.Empty;
        credential = default;

        var space = value.IndexOf(' ');
        if (space <= 0)
            return value.IsWhiteSpace() ? AuthenticationReasons.AuthorizationEmpty : AuthenticationReasons.UnsupportedScheme;

        ReadOnlySpan<char> name = value[..space];
        if (name.Equals(Basic, StringComparison.OrdinalIgnoreCase))
            scheme = Basic;
        else if (name.Equals(Bearer, StringComparison.OrdinalIgnoreCase))
            scheme = Bearer;
        else
            return AuthenticationReasons.UnsupportedScheme;

        // RFC 9110 allows one or more spaces between the scheme and the credential.
        credential = value[(space + 1)..].TrimStart(' ');
        if (credential.IsEmpty)
            return AuthenticationReasons.AuthorizationEmpty;

        return scheme == Basic && !Base64.IsValid(credential) ? AuthenticationReasons.MalformedBasic : null;
    }
}
