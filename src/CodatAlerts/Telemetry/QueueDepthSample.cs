namespace CodatAlerts.Telemetry;

/// <summary>The state of every partition and poison queue, taken at <paramref name="SampledAt"/>.</summary>
/// <param name="SampledAt">When the sample was taken.</param>
/// <param name="Queues">One entry per queue that could be read; a queue whose read failed is left out.</param>
public sealed record QueueDepthSample(DateTimeOffset SampledAt, IReadOnlyList<QueueDepth> Queues);
