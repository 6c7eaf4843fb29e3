using System.Diagnostics;
using System.Globalization;
using CodatAlerts.Queueing;

namespace CodatAlerts.Telemetry;

/// <summary>Tags that tell, on a span, which alert it is about and what became of it. Safe to call on a null span.</summary>
public static class AlertActivityExtensions
{
    /// <summary>Tags the span with the alert's client ID, dedup key, rule type and partition.</summary>
    public static Activity? SetAlert(this Activity? activity, AlertEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }

        return activity
            .SetTag(TelemetryTags.ClientId, string.IsNullOrEmpty(envelope.ClientId) ? TelemetryTagValues.None : envelope.ClientId)
            .SetTag(TelemetryTags.ClientIdSource, Intake.Authentication.ClientIdSourceNames.Name(envelope.ClientIdSource))
            .SetTag(TelemetryTags.DedupKey, envelope.DedupKey)
            .SetTag(TelemetryTags.IngestionId, envelope.IngestionId)
            .SetTag(TelemetryTags.RuleType, envelope.RuleType)
            .SetTag(TelemetryTags.Partition, envelope.Partition.ToString("00", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Records that the intake refused the request. A 4xx is the sender's problem, not a fault of this app, so only a
    /// 5xx marks the span as failed.
    /// </summary>
    public static Activity? SetRejected(this Activity? activity, int statusCode, string reason)
    {
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(TelemetryTags.StatusCode, statusCode).SetTag(TelemetryTags.RejectReason, reason);
        return statusCode >= 500 ? activity.SetStatus(ActivityStatusCode.Error, reason) : activity;
    }

    /// <summary>
    /// Records what processing came to (one of <see cref="AlertOutcomes"/>); failures and poison outcomes mark the span
    /// as failed so that they show in the failures view.
    /// </summary>
    public static Activity? SetOutcome(this Activity? activity, string outcome)
    {
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(TelemetryTags.Outcome, outcome);
        return outcome is AlertOutcomes.Failed or AlertOutcomes.Permanent or AlertOutcomes.RetriesExhausted
            ? activity.SetStatus(ActivityStatusCode.Error, outcome)
            : activity;
    }
}
