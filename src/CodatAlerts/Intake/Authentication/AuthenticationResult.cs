namespace CodatAlerts.Intake.Authentication;

/// <summary>The outcome of authenticating one request.</summary>
/// <param name="Status">Authenticated, 401 or 403.</param>
/// <param name="Reason">A short, stable, secret-free reason code for logs, metrics and the problem body
/// (<c>signature-mismatch</c>, <c>timestamp-out-of-tolerance</c>, <c>unknown-client</c>, …); the full list is
/// <see cref="AuthenticationReasons"/>. On success it says which methods passed.</param>
/// <param name="Delivery">How the request was delivered, when that could be told.</param>
public sealed record AuthenticationResult(AuthenticationStatus Status, string Reason, DeliveryMode Delivery)
{
    /// <summary>
    /// The client the alert belongs to, in <see cref="CodatClientId.Normalize"/> form: the one the header named, or the
    /// listed client whose secret verified; empty when the default client accepted a delivery that named none.
    /// </summary>
    public string ClientId { get; init; } = string.Empty;

    /// <summary>How <see cref="ClientId"/> was learnt.</summary>
    public ClientIdSource ClientIdSource { get; init; } = ClientIdSource.Header;

    /// <summary>
    /// The unlisted client <c>X-Codat-ClientId</c> named when it did not decide <see cref="ClientId"/> (a delivery the
    /// default client's signature verified), in normalized form; null otherwise. Unsigned: informational only.
    /// </summary>
    public string? ClaimedClientId { get; init; }
}
