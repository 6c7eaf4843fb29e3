namespace CodatAlerts.Journey;

/// <summary>The body of <c>GET /api/records/{client}/{key}/journey</c>.</summary>
/// <param name="Events">The alert's journey, oldest first.</param>
public sealed record JourneyDocument(IReadOnlyList<JourneyEvent> Events);
