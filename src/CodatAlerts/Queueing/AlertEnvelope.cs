using System.Text.Json.Serialization;
using CodatAlerts.Contract;
using CodatAlerts.Intake;

namespace CodatAlerts.Queueing;

/// <summary>
/// What the intake puts on a partition queue for one accepted alert. Versioned (<see cref="Version"/>) so that a
/// processor can refuse a shape it does not know instead of misreading it.
/// </summary>
public sealed record AlertEnvelope
{
    /// <summary>
    /// The version this code writes: the body travels as its exact bytes (base64), never re-encoded as text, so the
    /// archive and the handlers see what Codat signed, even where it is not valid UTF-8. Base64 costs a fixed 4/3,
    /// while a JSON string costs 6 bytes for each quote, <c>&lt;</c>, <c>&amp;</c> and non-ASCII character.
    /// </summary>
    public const int CurrentVersion = 2;

    /// <summary>
    /// The version before: the body as a JSON string (<c>body</c>). Still read, because messages written by the previous
    /// build can be waiting in the queues (or their poison queues) during and after an upgrade.
    /// </summary>
    public const int TextBodyVersion = 1;

    /// <summary>The longest <see cref="TraceState"/> the intake writes: W3C's 512 characters that every vendor must propagate.</summary>
    public const int MaxTraceStateLength = 512;

    /// <summary>The envelope format version.</summary>
    [JsonPropertyName("v")]
    public required int Version { get; init; }

    /// <summary>A fresh id for this receipt (every delivery attempt gets its own).</summary>
    public required string IngestionId { get; init; }

    /// <summary>The authenticated Codat client ID; empty when the sender named none and the default entry matched.</summary>
    public required string ClientId { get; init; }

    /// <summary>How the intake learnt <see cref="ClientId"/>; null in envelopes written before it was recorded.</summary>
    public Intake.Authentication.ClientIdSource? ClientIdSource { get; init; }

    /// <summary>
    /// The unlisted client <c>X-Codat-ClientId</c> named when that unsigned header did not decide <see cref="ClientId"/>:
    /// a delivery the default client's signature verified is scoped by the signature, so that a replay under other IDs
    /// lands on the same dedup key. For handlers and operators to read; never a scope, route or record name.
    /// </summary>
    public string? ClaimedClientId { get; init; }

    /// <summary>The key all copies of the alert share: <c>webhook-id</c>, else <c>AlertId</c>, else the envelope <c>id</c>.</summary>
    public required string DedupKey { get; init; }

    /// <summary>Where <see cref="DedupKey"/> came from.</summary>
    public required DedupKeySource DedupKeySource { get; init; }

    /// <summary>The canonical rule type, or the raw string when the type is unknown.</summary>
    public required string RuleType { get; init; }

    /// <summary>The templated part of the event type (the data type of <c>invoices.write.successful</c>), if any.</summary>
    public string? RuleTypeQualifier { get; init; }

    /// <summary>Whether <see cref="RuleType"/> is in the catalogue; unknown types are archived and parked.</summary>
    public required bool RuleTypeKnown { get; init; }

    /// <summary>Legacy body or event envelope.</summary>
    public required AlertShape Shape { get; init; }

    /// <summary>How Codat delivered it.</summary>
    public required DeliveryMode Delivery { get; init; }

    /// <summary>When the intake received it (UTC).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The partition it was routed to.</summary>
    public required int Partition { get; init; }

    /// <summary>W3C <c>traceparent</c> of the intake, so processing continues the same trace across the queue.</summary>
    public string? TraceParent { get; init; }

    /// <summary>W3C <c>tracestate</c> of the intake.</summary>
    public string? TraceState { get; init; }

    /// <summary>The exact bytes of the body as received, when they fit in the message (base64 in the JSON).</summary>
    [JsonPropertyName("rawBody")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "The JSON contract's base64 body; never mutated after the intake builds it.")]
    public byte[]? Body { get; init; }

    /// <summary>The blob holding the exact body bytes (claim-check), when they were too large for the message.</summary>
    public string? BodyBlob { get; init; }
}
