namespace CodatAlerts.Records;

/// <summary>How an inspector call ended; each maps to one HTTP status.</summary>
public enum RecordStatus
{
    /// <summary>Done (200, or 202 for a re-run that enqueued).</summary>
    Ok,

    /// <summary>No record: never seen, or past retention (404).</summary>
    NotFound,

    /// <summary>A live claim holds the alert, or the record changed during the call (409).</summary>
    Conflict,

    /// <summary>Storage could not be reached or refused the call (503 + Retry-After).</summary>
    Unavailable,
}
