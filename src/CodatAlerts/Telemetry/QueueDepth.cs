namespace CodatAlerts.Telemetry;

/// <summary>One queue's state at a sample.</summary>
/// <param name="Queue">The queue name (<c>codat-alerts-03</c>, <c>codat-alerts-03-poison</c>).</param>
/// <param name="ApproximateCount">The service's approximate message count; 0 for a queue that does not exist yet.</param>
/// <param name="OldestAge">The age of the message at the front of the queue; zero when there is none.</param>
public sealed record QueueDepth(string Queue, long ApproximateCount, TimeSpan OldestAge);
