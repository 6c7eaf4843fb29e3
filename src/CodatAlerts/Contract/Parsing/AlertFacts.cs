namespace CodatAlerts.Contract.Parsing;

/// <summary>
/// What most alerts are about, read from wherever each shape keeps it (reference §4): the legacy <c>CompanyId</c> or
/// the event's <c>referenceCompany.id</c>, and so on. A fact is null when the alert has none, or several.
/// </summary>
/// <param name="CompanyId">The company, absent on client-wide alerts (rate limits).</param>
/// <param name="ConnectionId">The data connection, when the alert concerns exactly one.</param>
/// <param name="DataType">The data type (<c>invoices</c>), when the alert concerns exactly one.</param>
public sealed record AlertFacts(string? CompanyId, string? ConnectionId, string? DataType)
{
    /// <summary>No facts: the alert concerns the client as a whole.</summary>
    public static AlertFacts None { get; } = new(null, null, null);
}
