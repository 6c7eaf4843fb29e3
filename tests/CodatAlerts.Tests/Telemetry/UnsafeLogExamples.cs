using CodatAlerts.Intake;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>Log methods the safety rule must refuse; never called.</summary>
internal static partial class UnsafeLogExamples
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Authorization {Authorization}")]
    public static partial void AuthorizationReceived(ILogger logger, string authorization);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Signature {Signature}")]
    public static partial void SignatureChecked(ILogger logger, string signature);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Read {Alert}")]
    public static partial void AlertRead(ILogger logger, AlertEnvelope alert);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Request {Request}")]
    public static partial void RequestSeen(ILogger logger, IRequestHeaders request);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Client {Client}")]
    public static partial void ClientLoaded(ILogger logger, ClientCredentialsOptions client);
}
