namespace CodatAlerts.Operators;

/// <summary>Which kind of Entra ID token a caller presented, which decides what the token must carry.</summary>
public enum EntraTokenKind
{
    /// <summary>An access token for this app's API, sent as <c>Authorization: Bearer</c> by a script or an app.</summary>
    Access,

    /// <summary>The ID token App Service Authentication forwards for a browser session (<c>X-MS-TOKEN-AAD-ID-TOKEN</c>).</summary>
    Id,
}
