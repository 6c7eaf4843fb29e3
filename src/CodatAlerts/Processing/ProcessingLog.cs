using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing;

/// <summary>Log events of the queue side (3xx). Client ID, dedup key, rule type and partition come from the scope.</summary>
internal static partial class ProcessingLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Alert handled on attempt {Attempt}")]
    public static partial void Handled(ILogger logger, int attempt);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Duplicate skipped: the alert is already {State}")]
    public static partial void Duplicate(ILogger logger, AlertRecordState state);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Alert parked: no handler for rule type {RuleType}")]
    public static partial void Parked(ILogger logger, string ruleType);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information,
        Message = "Alert is held by message {HolderMessageId} until {LeaseUntil}; this copy looks again in {Delay}")]
    public static partial void Deferred(ILogger logger, string? holderMessageId, DateTimeOffset? leaseUntil, TimeSpan delay);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information,
        Message = "Took over the alert from state {PreviousState} (holder {PreviousOwner}, lease until {PreviousLeaseUntil}); attempt {Attempt}")]
    public static partial void TookOver(ILogger logger, AlertRecordState previousState, string? previousOwner, DateTimeOffset? previousLeaseUntil, int attempt);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Transient failure on attempt {Attempt}: claim released, the alert is retried in {Delay}")]
    public static partial void TransientFailure(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Dispatch cancelled {Margin} before its lease ran out at {LeaseUntil}")]
    public static partial void LeaseRanOut(ILogger logger, TimeSpan margin, DateTimeOffset leaseUntil);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "Could not release the claim; it frees itself when the lease runs out")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 309, Level = LogLevel.Error, Message = "Alert poisoned to {PoisonQueue}: {Reason}")]
    public static partial void Poisoned(ILogger logger, string poisonQueue, string reason);

    [LoggerMessage(EventId = 310, Level = LogLevel.Error,
        Message = "Message {MessageId} on {Queue} is not a readable envelope; poisoned to {PoisonQueue}: {Reason}")]
    public static partial void EnvelopeUnreadable(ILogger logger, string messageId, string queue, string poisonQueue, string reason);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "The claim was lost to another worker before the alert could be marked {State}")]
    public static partial void ClaimLost(ILogger logger, AlertRecordState state);

    [LoggerMessage(EventId = 312, Level = LogLevel.Error,
        Message = "Dequeue {DequeueCount} was the last attempt: the host moves the message to {PoisonQueue}")]
    public static partial void RetriesExhausted(ILogger logger, long dequeueCount, string poisonQueue);

    [LoggerMessage(EventId = 313, Level = LogLevel.Error, Message = "Giving up on the alert after {Attempt} attempts over {Retrying}: the retry horizon is reached")]
    public static partial void GaveUp(ILogger logger, Exception exception, int attempt, TimeSpan retrying);

    [LoggerMessage(EventId = 314, Level = LogLevel.Error,
        Message = "The handlers outlived the claim's lease ({Lease}) by {Overrun}: they ignored cancellation, and another copy may have run the alert meanwhile")]
    public static partial void LeaseOverrun(ILogger logger, TimeSpan overrun, TimeSpan lease);

    [LoggerMessage(EventId = 315, Level = LogLevel.Warning,
        Message = "The alert was failed by this message earlier; its poison copy is written now, on dequeue {DequeueCount}, without running the handlers")]
    public static partial void PoisonWrittenLater(ILogger logger, long dequeueCount);

    [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "Could not renew the claim (lease until {LeaseUntil}); trying again, and the handlers stop before it runs out")]
    public static partial void RenewalFailed(ILogger logger, Exception exception, DateTimeOffset leaseUntil);

    [LoggerMessage(EventId = 317, Level = LogLevel.Error, Message = "The claim was taken by another invocation while the handlers ran; they are cancelled")]
    public static partial void ClaimLostWhileRunning(ILogger logger);

    [LoggerMessage(EventId = 318, Level = LogLevel.Debug, Message = "Copy absorbed: the alert's retry is carried by message {Carrier}")]
    public static partial void Superseded(ILogger logger, string carrier);

    [LoggerMessage(EventId = 319, Level = LogLevel.Warning, Message = "Could not note {What} on the record; a copy of the message that comes back may repeat it")]
    public static partial void NoteFailed(ILogger logger, Exception? exception, string what);

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Could not write the {Kind} event of the alert's journey")]
    public static partial void JourneyFailed(ILogger logger, Exception exception, string kind);

    [LoggerMessage(EventId = 321, Level = LogLevel.Error, Message = "The alert's workers stopped {Abandoned} times without finishing it (crashed or killed); it is not run again")]
    public static partial void AbandonedTooOften(ILogger logger, int abandoned);
}
