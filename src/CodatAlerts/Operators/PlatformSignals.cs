namespace CodatAlerts.Operators;

/// <summary>
/// What the platform says about where the app runs, read from environment variables that App Service and the Functions
/// platform set and that an app setting cannot be mistaken for locally.
/// </summary>
/// <param name="InAzure">
/// Any of <c>WEBSITE_INSTANCE_ID</c> (App Service, Windows and Linux), <c>CONTAINER_NAME</c> (Linux Consumption) or
/// <c>WEBSITE_SKU</c> (Flex Consumption sets <c>FlexConsumption</c>) is present: the same signals the Functions host's
/// own <c>EnvironmentExtensions</c> read. Wrongly true only fails safe (loopback access is refused).
/// </param>
/// <param name="EasyAuthEnabled">
/// <c>WEBSITE_AUTH_ENABLED</c> is <c>True</c>: App Service Authentication runs in front of the app, so the
/// <c>X-MS-TOKEN-AAD-*</c> headers can only have been set by the platform.
/// </param>
public sealed record PlatformSignals(bool InAzure, bool EasyAuthEnabled)
{
    private static readonly string[] AzureVariables = ["WEBSITE_INSTANCE_ID", "CONTAINER_NAME", "WEBSITE_SKU"];

    /// <summary>Reads the signals through <paramref name="variable"/> (the process environment in the app).</summary>
    public static PlatformSignals From(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var inAzure = AzureVariables.Any(name => !string.IsNullOrEmpty(variable(name)));
        var easyAuth = bool.TryParse(variable("WEBSITE_AUTH_ENABLED"), out var enabled) && enabled;
        return new PlatformSignals(inAzure, easyAuth);
    }
}
