namespace CodatAlerts.Journey;

/// <summary>
/// Where the journey of one alert is written: every delivery and duplicate, claim, attempt, retry, poisoning and
/// operator action, so that "what happened to alert X" has one answer. The record (<c>alert-records</c>) stays the
/// authority on an alert's state; the journey explains how it got there.
/// </summary>
/// <remarks>
/// Writers call this after the write that made the event true (the record or the queue), never before, and never
/// let it decide an outcome: an implementation must not throw for a storage failure (it logs and counts it), because
/// a lost journey line must never lose or re-run an alert.
/// </remarks>
public interface IAlertJourney
{
    /// <summary>Appends <paramref name="journeyEvent"/> to the journey of (<paramref name="clientId"/>, <paramref name="dedupKey"/>).</summary>
    Task AppendAsync(string clientId, string dedupKey, JourneyEvent journeyEvent, CancellationToken cancellationToken);
}
