namespace CodatAlerts.Simulator.Delivery;

/// <summary>Where and how alerts are delivered.</summary>
/// <param name="Url">The receiver's endpoint; every attempt starts here (redirects are never cached).</param>
/// <param name="Mode">Legacy or signed delivery.</param>
/// <param name="Credentials">The <c>Authorization</c> header and the signing secret.</param>
/// <param name="TimeScale">How much the waits between attempts are compressed.</param>
/// <param name="SendClientIdHeader">Whether signed mode adds <c>X-Codat-ClientId</c> as a custom header, as migrated
/// rules do (legacy mode always sends it).</param>
internal sealed record SenderSettings(Uri Url, DeliveryMode Mode, SenderCredentials Credentials, TimeScale TimeScale, bool SendClientIdHeader)
{
    /// <summary>How long an attempt may take. Signed: Codat's 15 s. Legacy: Codat documents no limit, so HttpClient's
    /// default of 100 s stands in.</summary>
    public TimeSpan AttemptTimeout => Mode == DeliveryMode.Signed ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(100);
}
