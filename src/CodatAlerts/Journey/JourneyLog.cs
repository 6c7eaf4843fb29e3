using Microsoft.Extensions.Logging;

namespace CodatAlerts.Journey;

/// <summary>Log events of the journey store (43x, after the inspector's 42x).</summary>
internal static partial class JourneyLog
{
    [LoggerMessage(EventId = 430, Level = LogLevel.Warning,
        Message = "Journey line '{Kind}' of alert {DedupKey} of client {ClientId} was not written; the alert itself is unaffected")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string kind, string dedupKey, string clientId);

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "Journey line {Line} of blob {BlobName} is unreadable and was skipped")]
    public static partial void UnreadableLine(ILogger logger, int line, string blobName);
}
