namespace CodatAlerts.Intake;

/// <summary>Codat's two delivery services (reference §1).</summary>
public enum DeliveryMode
{
    /// <summary>The legacy rules/alerts service: a static <c>Authorization</c> header, no signature.</summary>
    Legacy,

    /// <summary>The signed service: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>.</summary>
    Signed,
}
