using Microsoft.Extensions.Logging;

namespace CodatAlerts.Replay;

/// <summary>Log events of the poison replay (4xx).</summary>
internal static partial class ReplayLog
{
    [LoggerMessage(EventId = 401, Level = LogLevel.Information,
        Message = "Replay started (dry run {DryRun}): partition {PartitionFilter}, client {ClientFilter}, rule type {RuleTypeFilter}, received from {SinceFilter} until {UntilFilter}, max {Max}")]
    public static partial void Started(ILogger logger, bool dryRun, int? partitionFilter, string? clientFilter, string? ruleTypeFilter, DateTimeOffset? sinceFilter, DateTimeOffset? untilFilter, int max);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information,
        Message = "Replayed alert {DedupKey} of client {ClientId} ({RuleType}) from {PoisonQueue} to {Queue}; poisoned for: {Reason}")]
    public static partial void Replayed(ILogger logger, string? dedupKey, string? clientId, string? ruleType, string poisonQueue, string queue, string? reason);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Reopened the failed record of alert {DedupKey} of client {ClientId} for its replay")]
    public static partial void Reopened(ILogger logger, string dedupKey, string clientId);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information,
        Message = "Replay finished (dry run {DryRun}): scanned {Scanned}, matched {Matched}, replayed {Replayed}, complete {Complete}")]
    public static partial void Finished(ILogger logger, bool dryRun, int scanned, int matched, int replayed, bool complete);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning,
        Message = "Could not make poison message {MessageId} of {PoisonQueue} visible again; it reappears when its scan hold ends")]
    public static partial void RestoreFailed(ILogger logger, Exception exception, string messageId, string poisonQueue);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error,
        Message = "The host poisoned alert {DedupKey} of client {ClientId} after its retries (copy due to expire at {ExpiresOn}): re-written to {PoisonQueue} with its reason and no expiry")]
    public static partial void HostCopySwept(ILogger logger, string? dedupKey, string? clientId, string poisonQueue, DateTimeOffset? expiresOn);

    [LoggerMessage(EventId = 407, Level = LogLevel.Information, Message = "Poison sweep finished: scanned {Scanned}, re-wrote {Swept} host copies, complete {Complete}")]
    public static partial void SweepFinished(ILogger logger, int scanned, int swept, bool complete);
}
