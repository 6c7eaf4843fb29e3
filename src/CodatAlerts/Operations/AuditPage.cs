namespace CodatAlerts.Operations;

/// <summary>The body of <c>GET /api/audit</c>: entries newest first.</summary>
/// <param name="Entries">The entries of the window, newest first, at most the limit.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries);
