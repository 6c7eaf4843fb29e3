using CodatAlerts.Operators;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Functions.Access;

/// <summary>Log lines of the operator access check; they name the check, the caller's name and method, never a credential.</summary>
internal static partial class AccessLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Warning,
        Message = "Operator request to {Function} ({HttpMethod}) refused with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string function, string httpMethod, int status, string reason);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information,
        Message = "Operator request to {Function} ({HttpMethod}) admitted: {Operator} as {Role} by {Method}")]
    public static partial void Admitted(ILogger logger, string function, string httpMethod, string @operator, OperatorRole role, string method);
}
