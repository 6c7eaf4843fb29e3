namespace CodatAlerts.Telemetry;

/// <summary>
/// The dimensions on metrics and the attributes on spans. They land in <c>customDimensions</c> in Application
/// Insights under exactly these keys.
/// </summary>
public static class TelemetryTags
{
    /// <summary>The Codat client ID: authenticated or configured, else <see cref="TelemetryTagValues.Unknown"/>.</summary>
    public const string ClientId = "codat.client_id";

    /// <summary>How the client ID was learnt: <c>header</c>, <c>signature</c> or <c>default</c> (see <see cref="Intake.Authentication.ClientIdSource"/>).</summary>
    public const string ClientIdSource = "codat.client_id_source";

    /// <summary>The canonical rule type (or the raw type when Codat sent one the catalogue lacks).</summary>
    public const string RuleType = "codat.rule_type";

    /// <summary>The partition number, 0 to <see cref="Queueing.AlertPartitions.Count"/> − 1.</summary>
    public const string Partition = "codat.partition";

    /// <summary>What processing came to; see <see cref="AlertOutcomes"/>.</summary>
    public const string Outcome = "codat.outcome";

    /// <summary>The HTTP status the intake answered.</summary>
    public const string StatusCode = "http.response.status_code";

    /// <summary>A short, stable, secret-free reason code for a rejection (<c>signature-mismatch</c>, <c>body-too-large</c>).</summary>
    public const string RejectReason = "codat.reject_reason";

    /// <summary>A queue name, on the queue gauges.</summary>
    public const string Queue = "codat.queue";

    /// <summary>The dedup key: on spans only, never on metrics (one value per alert would explode cardinality).</summary>
    public const string DedupKey = "codat.dedup_key";

    /// <summary>The ingestion id of one delivery: on spans only, so every copy of an alert can be found, duplicates too.</summary>
    public const string IngestionId = "codat.ingestion_id";
}
