using System.Diagnostics;
using System.Diagnostics.Metrics;
using CodatAlerts.Intake;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

/// <summary>
/// The built-in handlers' one instrument, <c>codat.alerts.handled</c>, on the <see cref="TelemetryNames.Source"/>
/// meter with the same rule-type and client dimensions as <see cref="AlertMetrics"/>, plus the alert's own status.
/// </summary>
internal sealed class AlertHandlerMetrics
{
    public const string HandledCounterName = "codat.alerts.handled";

    /// <summary>The status the alert reports (a connection's, a push operation's), a small set Codat defines.</summary>
    public const string StatusTag = "codat.status";

    private readonly ClientIdTagPolicy _clientIds;
    private readonly Counter<long> _handled;

    public AlertHandlerMetrics(IMeterFactory meterFactory, IOptions<IntakeOptions> intakeOptions)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _clientIds = new ClientIdTagPolicy(intakeOptions);
        _handled = meterFactory.Create(TelemetryNames.Source).CreateCounter<long>(
            HandledCounterName,
            unit: "{alert}",
            description: "Alerts the built-in handlers recorded, by rule type, client and (where the alert has one) status.");
    }

    public void Handled(string ruleType, string clientId, string? status)
    {
        var tags = new TagList
        {
            { TelemetryTags.RuleType, ruleType },
            { TelemetryTags.ClientId, _clientIds.TagFor(clientId, ClientIdTrust.Authenticated) },
        };
        if (status is not null)
        {
            tags.Add(StatusTag, status);
        }

        _handled.Add(1, tags);
    }
}
