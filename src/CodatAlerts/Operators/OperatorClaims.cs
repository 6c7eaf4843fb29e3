using System.Security.Claims;

namespace CodatAlerts.Operators;

/// <summary>Reads an operator out of a validated Entra ID token's claims.</summary>
internal static class OperatorClaims
{
    /// <summary>The role the <c>roles</c> claim grants (the operator role wins), or null when it grants none.</summary>
    public static OperatorRole? Role(ClaimsIdentity identity)
    {
        var roles = identity.FindAll("roles").Select(claim => claim.Value).ToList();
        if (roles.Contains(OperatorRoles.Operator, StringComparer.Ordinal))
        {
            return OperatorRole.Operator;
        }

        return roles.Contains(OperatorRoles.Reader, StringComparer.Ordinal) ? OperatorRole.Reader : null;
    }

    /// <summary>A readable name: a user's sign-in name, else a service principal's application id.</summary>
    public static string Name(ClaimsIdentity identity) =>
        First(identity, "preferred_username", "upn", "unique_name", "name", "azp", "appid", "oid", "sub") ?? "unknown";

    public static string? ObjectId(ClaimsIdentity identity) => First(identity, "oid");

    private static string? First(ClaimsIdentity identity, params string[] types) =>
        types.Select(type => identity.FindFirst(type)?.Value).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
