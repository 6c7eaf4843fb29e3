using Microsoft.Extensions.Logging;

namespace CodatAlerts.Telemetry;

/// <summary>Log events of the telemetry itself. Event ids 290–299: the queueing range (2xx), kept apart for telemetry.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 290, EventName = nameof(QueueDepthSampled), Level = LogLevel.Debug,
        Message = "Sampled {QueueCount} queues: {MessageCount} messages in partition queues, {PoisonCount} in poison queues")]
    public static partial void QueueDepthSampled(ILogger logger, int queueCount, long messageCount, long poisonCount);

    [LoggerMessage(EventId = 291, EventName = nameof(QueueDepthSampleFailed), Level = LogLevel.Warning,
        Message = "Could not sample queue {Queue}; its depth is not reported until the next sample")]
    public static partial void QueueDepthSampleFailed(ILogger logger, string queue, Exception exception);
}
