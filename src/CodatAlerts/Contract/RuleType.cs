namespace CodatAlerts.Contract;

/// <summary>
/// One canonical Codat rule or event type. Every spelling Codat has used for it maps to this one value, so handlers,
/// metrics and replay filters see a single name.
/// </summary>
/// <param name="Name">The canonical name: the new-service PascalCase name for legacy rules
/// (<c>DataSyncCompleted</c>), the event type for envelopes (<c>read.completed</c>), and the family for templated event
/// types (<c>write.successful</c> for <c>invoices.write.successful</c>).</param>
/// <param name="Shape">The body shape Codat sends for it.</param>
public sealed record RuleType(string Name, AlertShape Shape)
{
    public override string ToString() => Name;
}
