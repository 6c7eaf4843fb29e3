namespace CodatAlerts.Contract;

/// <summary>The canonical rule type a raw <c>RuleType</c> or <c>eventType</c> string resolved to.</summary>
/// <param name="RuleType">The canonical type.</param>
/// <param name="Qualifier">The templated part of a templated event type: the data type of
/// <c>invoices.write.successful</c>, the report of <c>reports.creditModel.generate.successful</c>; otherwise null.</param>
public sealed record RuleTypeMatch(RuleType RuleType, string? Qualifier = null);
