using CodatAlerts.Intake;

namespace CodatAlerts.Journey;

/// <summary>One line of an alert's journey. Only <see cref="Kind"/> and <see cref="At"/> are always set.</summary>
public sealed record JourneyEvent
{
    /// <summary>What happened: one of <see cref="JourneyEventKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>When it happened (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The receipt (delivery) the event concerns: its ingestion id.</summary>
    public string? IngestionId { get; init; }

    /// <summary>When the intake received that delivery.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>How Codat delivered it.</summary>
    public DeliveryMode? Delivery { get; init; }

    /// <summary>The queue message the event concerns.</summary>
    public string? MessageId { get; init; }

    /// <summary>That message's dequeue count at the time.</summary>
    public long? DequeueCount { get; init; }

    /// <summary>The claim's attempt number.</summary>
    public int? Attempt { get; init; }

    /// <summary>A short outcome word (<c>handled</c>, <c>parked</c>, the record state a duplicate found, …).</summary>
    public string? Outcome { get; init; }

    /// <summary>The error or reason, cut to a few hundred characters; never a credential or a body.</summary>
    public string? Error { get; init; }

    /// <summary>When the next attempt is due, for a retry or a deferral.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Who did it, for an operator action (the signed-in identity's name or object id).</summary>
    public string? Actor { get; init; }

    /// <summary>The operation an operator action belongs to (its id), for a bulk action.</summary>
    public string? OperationId { get; init; }
}
