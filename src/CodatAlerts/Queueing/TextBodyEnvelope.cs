namespace CodatAlerts.Queueing;

/// <summary>The one field of a version 1 <see cref="AlertEnvelope"/> that version 2 reads differently: the body as text.</summary>
/// <param name="Body">The body as a JSON string, when it was inline.</param>
internal sealed record TextBodyEnvelope(string? Body);
