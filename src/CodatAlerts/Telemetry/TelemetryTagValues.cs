namespace CodatAlerts.Telemetry;

/// <summary>Tag values that stand in for a value the telemetry may not, or cannot, carry.</summary>
public static class TelemetryTagValues
{
    /// <summary>A client ID that was neither authenticated nor configured, or a value that could not be read.</summary>
    public const string Unknown = "unknown";

    /// <summary>No <c>X-Codat-ClientId</c> header: the alert was authenticated against the default client entry.</summary>
    public const string None = "none";
}
