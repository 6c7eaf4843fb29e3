using Microsoft.Extensions.Logging;

namespace CodatAlerts.Queueing;

/// <summary>Log events of the queueing area (2xx).</summary>
internal static partial class QueueingLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Debug,
        Message = "Enqueued ingestion {IngestionId} on {QueueName} (claim-check: {ClaimChecked})")]
    public static partial void Enqueued(ILogger logger, string ingestionId, string queueName, bool claimChecked);
}
