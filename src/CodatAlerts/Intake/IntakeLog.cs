using Microsoft.Extensions.Logging;

namespace CodatAlerts.Intake;

/// <summary>Log events of the intake (1xx). Never a credential, a signature or a body.</summary>
internal static partial class IntakeLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug,
        Message = "Accepted alert {DedupKey} of type {RuleType} for client {ClientId} (from {ClientIdSource}) on partition {Partition} (ingestion {IngestionId})")]
    public static partial void Accepted(ILogger logger, string clientId, string clientIdSource, string dedupKey, string ruleType, int partition, string ingestionId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Refused an alert for client {ClientId} with {StatusCode}: {Reason}")]
    public static partial void Refused(ILogger logger, int statusCode, string reason, string clientId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error,
        Message = "Could not store alert {DedupKey} for client {ClientId} on partition {Partition} ({Reason}); answered 503")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception, string clientId, string dedupKey, int partition, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Unexpected error while receiving an alert; answered 503")]
    public static partial void UnexpectedError(ILogger logger, Exception exception);
}
