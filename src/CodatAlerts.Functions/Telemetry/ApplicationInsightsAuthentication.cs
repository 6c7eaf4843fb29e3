using Azure.Core;
using Azure.Identity;

namespace CodatAlerts.Functions.Telemetry;

/// <summary>
/// Reads <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>, the setting the Functions host also reads for Entra ID
/// (identity-based) ingestion: <c>Authorization=AAD</c>, and <c>ClientId=&lt;id&gt;</c> for a user-assigned identity.
/// The Azure Monitor exporter does not read it itself, so the worker turns it into a credential here.
/// </summary>
internal static class ApplicationInsightsAuthentication
{
    public const string SettingName = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// The managed identity credential the setting asks for; null when it is absent or does not say
    /// <c>Authorization=AAD</c> (then the connection string's instrumentation key alone authenticates, where the
    /// resource still allows local authentication).
    /// </summary>
    public static TokenCredential? CredentialFrom(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var pairs = authenticationString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);

        if (!pairs.TryGetValue("Authorization", out var scheme) || !string.Equals(scheme, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return pairs.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
