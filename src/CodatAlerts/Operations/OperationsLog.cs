using Microsoft.Extensions.Logging;

namespace CodatAlerts.Operations;

/// <summary>Log events of operator actions (44x).</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 440, Level = LogLevel.Warning, Message = "Audit line {Result} of action {Action} by {Actor} could not be written")]
    public static partial void AuditFailed(ILogger logger, Exception exception, string action, string actor, string result);

    [LoggerMessage(EventId = 441, Level = LogLevel.Warning, Message = "Audit line {Line} of {BlobName} is unreadable and was skipped")]
    public static partial void UnreadableLine(ILogger logger, int line, string blobName);
}
