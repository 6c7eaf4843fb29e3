namespace CodatAlerts.Telemetry;

/// <summary>
/// How far a client ID can be believed. Before authentication it is whatever the request's <c>X-Codat-ClientId</c>
/// header says, so anyone can send a fresh value with every request; tagging metrics with it would let a stranger
/// create unbounded metric series.
/// </summary>
public enum ClientIdTrust
{
    /// <summary>Taken from the header and not (yet) proven: tagged only when it names a configured client.</summary>
    Claimed,

    /// <summary>The request's credentials matched for this client: always tagged.</summary>
    Authenticated,
}
