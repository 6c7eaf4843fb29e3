using CodatAlerts.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Functions.Functions;

/// <summary>Samples the depth and oldest-message age of every partition and poison queue, once a minute.</summary>
public sealed class SampleQueueDepth(QueueDepthSampler sampler)
{
    /// <summary>Every minute, on the minute (six-field NCRONTAB: seconds first).</summary>
    public const string Schedule = "0 */1 * * * *";

    [Function(nameof(SampleQueueDepth))]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sampler.SampleAsync(cancellationToken);
}
