namespace CodatAlerts.Operators;

/// <summary>The Entra ID tenant and app registration that operators sign in with (<c>Operators__EntraId__*</c>).</summary>
public sealed class EntraIdOptions
{
    /// <summary>The default authority host, the public cloud's.</summary>
    public const string PublicCloudInstance = "https://login.microsoftonline.com/";

    /// <summary>The directory (tenant) id, a GUID.</summary>
    public string? TenantId { get; set; }

    /// <summary>The app registration's application (client) id; tokens' audience is <c>api://{ClientId}</c> or <c>{ClientId}</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The authority host, with a trailing slash.</summary>
    public string Instance { get; set; } = PublicCloudInstance;

    /// <summary>Both ids are set: the app validates Entra ID tokens.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId);
}
