using Microsoft.Extensions.Logging;

namespace CodatAlerts.Poison;

/// <summary>Log events of the operator's poison views (46x).</summary>
internal static partial class PoisonLog
{
    [LoggerMessage(EventId = 460, Level = LogLevel.Warning, Message = "Poison queues could not be read for a {Operation}: storage unavailable")]
    public static partial void StorageUnavailable(ILogger logger, Exception exception, string operation);
}
