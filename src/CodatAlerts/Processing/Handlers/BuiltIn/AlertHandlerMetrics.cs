using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

/// <summary>The built-in handlers' one instrument: <c>codat.alerts.handled</c> on the <c>CodatAlerts</c> meter.</summary>
internal sealed class AlertHandlerMetrics
{
    public const string MeterName = "CodatAlerts";
    public const string HandledCounterName = "codat.alerts.handled";

    private readonly Counter<long> _handled;

    public AlertHandlerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _handled = meter.CreateCounter<long>(
            HandledCounterName,
            unit: "{alert}",
            description: "Alerts the built-in handlers recorded, by rule type, client and (where the alert has one) status.");
    }

    public void Handled(string ruleType, string clientId, string? status)
    {
        var tags = new TagList
        {
            { "codat.rule_type", ruleType },
            { "codat.client_id", clientId },
        };
        if (status is not null)
        {
            tags.Add("codat.status", status);
        }

        _handled.Add(1, tags);
    }
}
