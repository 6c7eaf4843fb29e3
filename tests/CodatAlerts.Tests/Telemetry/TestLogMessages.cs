using Microsoft.Extensions.Logging;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>Log events the log-safety tests write themselves.</summary>
internal static partial class TestLogMessages
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Something happened")]
    public static partial void Something(ILogger logger);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "A value: {Value}")]
    public static partial void Value(ILogger logger, string value);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Something failed")]
    public static partial void Failure(ILogger logger, Exception exception);
}
