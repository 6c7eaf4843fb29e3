namespace CodatAlerts.Telemetry;

/// <summary>The values of <see cref="TelemetryTags.Outcome"/>: what processing came to for one delivery.</summary>
public static class AlertOutcomes
{
    /// <summary>Every handler for the rule type ran to completion.</summary>
    public const string Handled = "handled";

    /// <summary>No handler knows the rule type: archived, not retried.</summary>
    public const string Parked = "parked";

    /// <summary>The alert was already claimed by an earlier copy.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A transient failure: the host will deliver the message again.</summary>
    public const string Failed = "failed";

    /// <summary>A failure no retry can cure (unreadable envelope or payload): straight to the poison queue.</summary>
    public const string Permanent = "permanent";

    /// <summary>The last allowed attempt failed: the host moves the message to the poison queue.</summary>
    public const string RetriesExhausted = "retries-exhausted";
}
