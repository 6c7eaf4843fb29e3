namespace CodatAlerts.Simulator.Delivery;

/// <summary>Codat's two delivery services (reference §1).</summary>
internal enum DeliveryMode
{
    /// <summary>The legacy rules/alerts service: <c>X-Codat-ClientId</c>, static <c>Authorization</c>, 3 retries in 2 minutes.</summary>
    Legacy,

    /// <summary>The Svix-based service: Standard Webhooks signature, 15 s to answer, 8 attempts over about 28 hours.</summary>
    Signed,
}
