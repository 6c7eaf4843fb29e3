namespace CodatAlerts.Telemetry;

/// <summary>Tag values that stand in for a value the telemetry may not, or cannot, carry.</summary>
public static class TelemetryTagValues
{
    /// <summary>A client ID that was neither authenticated nor configured, or a value that could not be read.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// An authenticated client ID that is not in the configuration (accepted through the default client entry): any
    /// sender holding the default credential could otherwise mint one metric series per ID it makes up.
    /// </summary>
    public const string Unlisted = "unlisted";

    /// <summary>A rule type this build does not know: the raw string is the sender's to choose, so it is no tag value.</summary>
    public const string Other = "other";

    /// <summary>No <c>X-Codat-ClientId</c> header: the alert was authenticated against the default client entry.</summary>
    public const string None = "none";
}
