using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>
/// An event envelope of the signed service (reference §3). Several event types share one payload shape (six
/// connection events, one <see cref="ConnectionPayload"/>), so each event type is a sealed record over this base
/// (<see cref="ConnectionDeletedEvent"/>, …): a handler then names exactly the event it handles.
/// </summary>
/// <typeparam name="TPayload">The payload shape of the event type.</typeparam>
public abstract record CodatEvent<TPayload>
    where TPayload : class
{
    /// <summary>The unique id of the event; the same concept as a legacy <c>AlertId</c>.</summary>
    public string? Id { get; init; }

    private readonly string? _eventType;

    /// <summary>
    /// The event type as sent (<c>invoices.write.successful</c>), from <c>eventType</c> or else <see cref="Type"/>;
    /// the alert's context has the canonical one.
    /// </summary>
    public string? EventType { get => _eventType ?? Type; init => _eventType = value; }

    /// <summary>The event type under the key some of Codat's OAS examples use instead of <c>eventType</c>.</summary>
    public string? Type { get; init; }

    /// <summary>When Codat generated the event: the only event time Codat sends, so the one to order by.</summary>
    public DateTimeOffset? GeneratedDate { get; init; }

    public TPayload? Payload { get; init; }

    /// <summary>Top-level fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
