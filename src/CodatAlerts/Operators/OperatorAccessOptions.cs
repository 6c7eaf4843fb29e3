namespace CodatAlerts.Operators;

/// <summary>
/// Who may call the operator endpoints (section <c>Operators</c>; app settings <c>Operators__*</c>). With no Entra ID
/// settings and no function keys allowed, the operator endpoints answer only loopback callers, and only outside Azure.
/// </summary>
public sealed class OperatorAccessOptions
{
    public const string SectionName = "Operators";

    /// <summary>The app registration whose access tokens (and, behind App Service Authentication, ID tokens) sign operators in.</summary>
    public EntraIdOptions EntraId { get; set; } = new();

    /// <summary>
    /// Scripts may authenticate with a host function key sent in the <c>x-functions-key</c> header, which the Functions
    /// host itself verifies. Off by default: a key is a long-lived shared secret that names nobody.
    /// </summary>
    public bool AllowFunctionKeys { get; set; }

    /// <summary>
    /// Where the console links an alert's trace id: an https URL with <c>{traceId}</c> in it, e.g. a saved query of
    /// the Application Insights resource that takes the id. Unset: the console shows the id as text.
    /// </summary>
    public string? TraceLinkTemplate { get; set; }
}
