using System.Reflection;
using Azure.Core;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// Finds <c>[LoggerMessage]</c> methods that could put a secret or a body into a log event: a parameter named like a
/// credential, header value or body, or of a type that holds one. The generated method logs every parameter, so a
/// parameter is exactly what reaches <c>customDimensions</c>.
/// </summary>
internal static class LoggerMessageSafety
{
    // Matched as fragments of the lower-cased parameter name. "header" alone is allowed (a header's name is fine to
    // log); its values ("headerValue", "headers") are not.
    private static readonly string[] ForbiddenNameFragments =
    [
        "authorization", "secret", "signature", "token", "password", "passwd", "credential", "bearer", "apikey",
        "accountkey", "signingkey", "connectionstring", "body", "payload", "rawjson", "headervalue", "headers",
    ];

    // Types that hold credentials, header values or the raw body.
    private static readonly Type[] ForbiddenTypes =
    [
        typeof(IRequestHeaders), typeof(IntakeOptions), typeof(ClientCredentialsOptions), typeof(AlertEnvelope),
        typeof(TokenCredential), typeof(byte[]), typeof(Stream), typeof(ReadOnlyMemory<byte>), typeof(Memory<byte>),
        typeof(BinaryData),
    ];

    private static readonly string[] ForbiddenTypeNameFragments = ["Credential", "Secret", "Options", "Headers", "HttpRequest"];

    /// <summary>Every <c>[LoggerMessage]</c> method declared in <paramref name="assemblies"/>.</summary>
    public static IReadOnlyList<MethodInfo> LogMethods(params Assembly[] assemblies) =>
    [
        .. assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(LoggerMessageAttribute), inherit: false)),
    ];

    /// <summary>One line per unsafe parameter of <paramref name="methods"/>; empty when all are safe.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<MethodInfo> methods) =>
    [
        .. from method in methods
           from parameter in method.GetParameters()
           where !IsLoggingPlumbing(parameter.ParameterType)
           let problem = NameProblem(parameter) ?? TypeProblem(parameter.ParameterType)
           where problem is not null
           select $"{method.DeclaringType?.FullName}.{method.Name}({parameter.ParameterType.Name} {parameter.Name}): {problem}",
    ];

    private static bool IsLoggingPlumbing(Type type) =>
        typeof(ILogger).IsAssignableFrom(type) || typeof(Exception).IsAssignableFrom(type) || type == typeof(LogLevel);

    private static string? NameProblem(ParameterInfo parameter)
    {
        var name = (parameter.Name ?? string.Empty).ToLowerInvariant();
        var fragment = ForbiddenNameFragments.FirstOrDefault(name.Contains);
        return fragment is null ? null : $"its name suggests a secret or a body ('{fragment}')";
    }

    private static string? TypeProblem(Type type)
    {
        var element = Nullable.GetUnderlyingType(type) ?? (type.IsArray && type != typeof(byte[]) ? type.GetElementType()! : type);
        if (ForbiddenTypes.Any(forbidden => forbidden.IsAssignableFrom(element)))
        {
            return $"type {element.Name} holds credentials, header values or a body";
        }

        var fragment = ForbiddenTypeNameFragments.FirstOrDefault(f => element.Name.Contains(f, StringComparison.Ordinal));
        return fragment is null ? null : $"type {element.Name} looks like it holds credentials or headers ('{fragment}')";
    }
}
