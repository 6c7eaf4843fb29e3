using CodatAlerts.Contract.Legacy;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

/// <summary>A built-in handler of a legacy rule: also logs Codat's free-text <c>Message</c>, at Debug only.</summary>
/// <typeparam name="TData">The rule's <c>Data</c>.</typeparam>
internal abstract class LegacyAlertHandler<TData>(ILogger logger, AlertHandlerMetrics metrics)
    : BuiltInAlertHandler<LegacyAlert<TData>>(logger, metrics)
    where TData : class
{
    protected sealed override string? Record(AlertContext<LegacyAlert<TData>> alert)
    {
        // Message is not stable and may name companies or clients (even other ones than the envelope's): Debug only.
        HandlerLog.LegacyMessage(Logger, alert.RuleType.Name, alert.Alert.Message);
        return Record(alert, alert.Alert.Data);
    }

    /// <summary>Logs the facts of the alert and its <c>Data</c> (null when Codat sent none).</summary>
    protected abstract string? Record(AlertContext<LegacyAlert<TData>> alert, TData? data);
}
