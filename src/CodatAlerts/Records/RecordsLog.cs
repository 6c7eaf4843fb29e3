using Microsoft.Extensions.Logging;

namespace CodatAlerts.Records;

/// <summary>Log events of the alert inspector (42x: the 4xx admin range, after the replay's 40x).</summary>
internal static partial class RecordsLog
{
    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "Alert records could not be read or written for a {Operation}: storage unavailable")]
    public static partial void StorageUnavailable(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 421, Level = LogLevel.Information,
        Message = "Re-ran alert {DedupKey} of client {ClientId} ({RuleType}): reopened from {PreviousState}, copy {IngestionId} sent to {Queue}")]
    public static partial void Rerun(ILogger logger, string dedupKey, string clientId, string ruleType, string previousState, string ingestionId, string queue);

    [LoggerMessage(EventId = 422, Level = LogLevel.Information,
        Message = "Re-run of alert {DedupKey} of client {ClientId} refused: {Why}")]
    public static partial void RerunRefused(ILogger logger, string dedupKey, string clientId, string why);
}
