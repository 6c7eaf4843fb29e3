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

    [LoggerMessage(EventId = 413, Level = LogLevel.Warning,
        Message = "Replay stopped at {PoisonQueue}: storage did not answer (scanned {Scanned}, matched {Matched}, replayed {Replayed} so far)")]
    public static partial void Interrupted(ILogger logger, Exception exception, string poisonQueue, int scanned, int matched, int replayed);

    [LoggerMessage(EventId = 414, Level = LogLevel.Warning,
        Message = "Could not make replayed message {MessageId} of {Queue} visible; it runs when its hold of {Hold} ends")]
    public static partial void RevealFailed(ILogger logger, Exception exception, string messageId, string queue, TimeSpan hold);

    [LoggerMessage(EventId = 407, Level = LogLevel.Information, Message = "Poison sweep finished: scanned {Scanned}, re-wrote {Swept} messages, complete {Complete}")]
    public static partial void SweepFinished(ILogger logger, int scanned, int swept, bool complete);

    [LoggerMessage(EventId = 408, Level = LogLevel.Warning,
        Message = "Poison sweep stopped before the end of {PoisonQueue} ({Reason}) after reading {Read} messages in {ElapsedMs} ms; the next run reads on")]
    public static partial void SweepIncomplete(ILogger logger, string poisonQueue, string reason, int read, long elapsedMs);

    [LoggerMessage(EventId = 409, Level = LogLevel.Warning, Message = "Poison sweep of {PoisonQueue} failed: storage did not answer")]
    public static partial void SweepStorageFailed(ILogger logger, Exception exception, string poisonQueue);

    [LoggerMessage(EventId = 410, Level = LogLevel.Error,
        Message = "Poison message {MessageId} of {PoisonQueue} is not base64 (put there by hand or by a producer that does not encode): re-written with its exact {Bytes} bytes, its reason and no expiry")]
    public static partial void UndecodableSwept(ILogger logger, string messageId, string poisonQueue, int bytes);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning,
        Message = "Could not delete poison message {MessageId} of {PoisonQueue} after re-writing it; hidden for {Hidden} instead, until it expires, so it is not re-written twice")]
    public static partial void SweptCopyHidden(ILogger logger, Exception exception, string messageId, string poisonQueue, TimeSpan hidden);

    [LoggerMessage(EventId = 412, Level = LogLevel.Error,
        Message = "Could neither delete nor hide poison message {MessageId} of {PoisonQueue} after re-writing it: a later sweep may re-write it again (a second copy the records absorb on replay)")]
    public static partial void SweptCopyLeft(ILogger logger, Exception exception, string messageId, string poisonQueue);
}
