namespace CodatAlerts.Simulator.Alerts;

/// <summary>One message as Codat would send it.</summary>
/// <param name="MessageId">The signed service's <c>webhook-id</c> (<c>msg_…</c>); the same on every redelivery.</param>
/// <param name="AlertId">The body's <c>AlertId</c> (legacy) or <c>id</c> (envelope).</param>
/// <param name="ClientId">The Codat client, sent as <c>X-Codat-ClientId</c> and, in legacy bodies, as <c>ClientId</c>.</param>
/// <param name="RuleType">The rule type or event type, for the report.</param>
/// <param name="Body">The exact UTF-8 bytes sent, and signed, on every attempt.</param>
/// <param name="IsRedelivery">A deliberate duplicate: an earlier message sent again, byte for byte.</param>
internal sealed record OutgoingAlert(
    string MessageId,
    string AlertId,
    string ClientId,
    string RuleType,
    ReadOnlyMemory<byte> Body,
    bool IsRedelivery);
