namespace CodatAlerts.Intake.Authentication;

/// <summary>How the intake learnt which Codat client an alert belongs to; on the envelope, the record and telemetry.</summary>
public enum ClientIdSource
{
    /// <summary>The <c>X-Codat-ClientId</c> header named it (a listed client, or an unlisted one under the default client).</summary>
    Header,

    /// <summary>No header: the signing secret that verified the signature is a listed client's.</summary>
    Signature,

    /// <summary>No header and no listed client's secret verified: the default client's credentials accepted it.</summary>
    Default,
}
