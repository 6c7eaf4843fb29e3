using CodatAlerts.Contract;
using CodatAlerts.Contract.Parsing;
using CodatAlerts.Intake;

namespace CodatAlerts.Processing.Handlers;

/// <summary>A typed alert and what the intake learnt when it accepted it.</summary>
/// <typeparam name="TAlert">The alert type.</typeparam>
public sealed record AlertContext<TAlert>
    where TAlert : class
{
    /// <summary>The alert as Codat sent it, typed.</summary>
    public required TAlert Alert { get; init; }

    /// <summary>The canonical rule type, whichever spelling Codat used.</summary>
    public required RuleType RuleType { get; init; }

    /// <summary>The templated part of the event type: the data type of <c>invoices.write.successful</c>, the report of
    /// <c>reports.creditModel.generate.successful</c>; otherwise null.</summary>
    public string? RuleTypeQualifier { get; init; }

    /// <summary>Company, connection and data type, read from wherever the alert's shape keeps them.</summary>
    public required AlertFacts Facts { get; init; }

    /// <summary>
    /// Values of the body that did not fit their typed property, each exactly as sent; those properties of
    /// <see cref="Alert"/> are unset. Codat's payloads drift, so the alert runs rather than being poisoned for them.
    /// </summary>
    public IReadOnlyList<UnreadableField> UnreadableFields { get; init; } = [];

    /// <summary>The authenticated Codat client; empty when the sender named none and the default credentials matched.</summary>
    public required string ClientId { get; init; }

    /// <summary>The key every copy of this alert shares: the natural idempotency key for a handler's own side effects.</summary>
    public required string DedupKey { get; init; }

    /// <summary>How Codat delivered it.</summary>
    public required DeliveryMode Delivery { get; init; }

    /// <summary>When the intake received it.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The partition queue it came through.</summary>
    public required int Partition { get; init; }
}
