namespace CodatAlerts.Telemetry;

/// <summary>
/// The names operators query: the meter and activity source, and every instrument. In Application Insights a metric
/// lands in <c>customMetrics</c> under its instrument name, so these strings are a contract with the alert rules and
/// workbooks in <c>infra/</c>; renaming one silently breaks a dashboard.
/// </summary>
public static class TelemetryNames
{
    /// <summary>The name of both the <see cref="System.Diagnostics.Metrics.Meter"/> and the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string Source = "CodatAlerts";

    /// <summary>Counter: requests that reached the intake, before any check.</summary>
    public const string Received = "codat.alerts.received";

    /// <summary>Counter: alerts on a partition queue (the 202 was sent).</summary>
    public const string Accepted = "codat.alerts.accepted";

    /// <summary>Counter: requests refused, by status and reason.</summary>
    public const string Rejected = "codat.alerts.rejected";

    /// <summary>Counter: alerts processed to the end, by outcome (<c>handled</c> or <c>parked</c>).</summary>
    public const string Processed = "codat.alerts.processed";

    /// <summary>Counter: copies of an alert already claimed, dropped.</summary>
    public const string Duplicates = "codat.alerts.duplicates";

    /// <summary>Counter: processing attempts that failed transiently and will be retried by the host.</summary>
    public const string Failed = "codat.alerts.failed";

    /// <summary>Counter: alerts sent to a poison queue, permanently or after the last retry.</summary>
    public const string Poisoned = "codat.alerts.poisoned";

    /// <summary>Counter: poison messages moved back to their partition queue.</summary>
    public const string Replayed = "codat.alerts.replayed";

    /// <summary>Counter: alerts of a rule type no handler knows, archived and not retried.</summary>
    public const string Parked = "codat.alerts.parked";

    /// <summary>Histogram: seconds from receipt by the intake to the end of processing.</summary>
    public const string Lag = "codat.alerts.lag";

    /// <summary>Observable gauge: approximate number of messages in a queue, from the last sample.</summary>
    public const string QueueDepth = "codat.queue.depth";

    /// <summary>Observable gauge: age in seconds of the message at the front of a queue, from the last sample.</summary>
    public const string QueueOldestAge = "codat.queue.oldest_age";
}
