namespace CodatAlerts.Intake.Authentication;

/// <summary>How the intake learnt which Codat client an alert belongs to; on the envelope, the record and telemetry.</summary>
public enum ClientIdSource
{
    /// <summary>
    /// The <c>X-Codat-ClientId</c> header named it: a listed client, or an unlisted one whose delivery the default client
    /// accepted by its <c>Authorization</c> value alone.
    /// </summary>
    Header,

    /// <summary>No header: the signing secret that verified the signature is a listed client's.</summary>
    Signature,

    /// <summary>
    /// No header and no listed client's secret verified, and the default client's credentials accepted it; or a header
    /// naming an unlisted client on a delivery the default client's signature verified, which the unsigned header cannot
    /// scope (it travels as the envelope's <c>ClaimedClientId</c>).
    /// </summary>
    Default,
}
