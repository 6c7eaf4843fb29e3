using Microsoft.Extensions.Logging;

namespace CodatAlerts.Operations.Background;

/// <summary>Log events of background operations (45x).</summary>
internal static partial class BackgroundLog
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "Operation {OperationId} ({Kind}) created by {Actor}")]
    public static partial void Created(ILogger logger, string operationId, string kind, string actor);

    [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "Operation {OperationId} ({Kind}) could not be started: storage failed")]
    public static partial void StartFailed(ILogger logger, Exception exception, string operationId, string kind);

    [LoggerMessage(EventId = 452, Level = LogLevel.Warning, Message = "Operation {OperationId} was enqueued but its status could not say so")]
    public static partial void EnqueuedNotNoted(ILogger logger, Exception exception, string operationId);

    [LoggerMessage(EventId = 453, Level = LogLevel.Information, Message = "Operation {OperationId} message ignored: {Why}")]
    public static partial void Ignored(ILogger logger, string operationId, string why);

    [LoggerMessage(EventId = 454, Level = LogLevel.Information, Message = "Operation {OperationId} ({Kind}) {Status}: {Counts}")]
    public static partial void Finished(ILogger logger, string operationId, string kind, string status, string counts);

    [LoggerMessage(EventId = 455, Level = LogLevel.Warning, Message = "Operation {OperationId} run {Run} stopped on dequeue {DequeueCount}; the message comes back to resume it")]
    public static partial void Interrupted(ILogger logger, Exception exception, string operationId, int run, long dequeueCount);

    [LoggerMessage(EventId = 456, Level = LogLevel.Error, Message = "Operation {OperationId} failed on its last dequeue ({DequeueCount})")]
    public static partial void GaveUp(ILogger logger, Exception exception, string operationId, long dequeueCount);

    [LoggerMessage(EventId = 457, Level = LogLevel.Warning, Message = "The status of operation {OperationId} could not be read: storage failed")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string operationId);
}
