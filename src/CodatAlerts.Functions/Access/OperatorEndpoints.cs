using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Functions.Access;

/// <summary>
/// Deny by default: every HTTP-triggered function is an operator endpoint, except the public ones listed here, the
/// only place that lists them. A new function is protected without anyone remembering to protect it.
/// </summary>
internal static class OperatorEndpoints
{
    /// <summary>Codat's deliveries (authenticated by the intake itself) and the console's static shell (no data).</summary>
    public static readonly IReadOnlySet<string> Public = new HashSet<string>(StringComparer.Ordinal) { "ReceiveAlert", "ServeConsole" };

    /// <summary>Whether the invoked function needs an operator.</summary>
    public static bool RequiresOperator(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        // The name first: the intake, the hottest function, is public and never has its bindings enumerated.
        return !Public.Contains(function.Name)
            && function.InputBindings.Values.Any(binding => binding.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase));
    }
}
