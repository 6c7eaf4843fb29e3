using Microsoft.Extensions.Logging;

namespace CodatAlerts.Overview;

/// <summary>Log events of the operator overview.</summary>
internal static partial class OverviewLog
{
    [LoggerMessage(EventId = 465, Level = LogLevel.Warning, Message = "The operator overview could not be read: storage unavailable")]
    public static partial void StorageUnavailable(ILogger logger, Exception exception);
}
