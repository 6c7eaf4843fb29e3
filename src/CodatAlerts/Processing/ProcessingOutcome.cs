namespace CodatAlerts.Processing;

/// <summary>How one queue message ended (a failure the app cannot retry itself ends in an exception instead, for the host).</summary>
public enum ProcessingOutcome
{
    /// <summary>The handlers ran and the alert is completed.</summary>
    Handled,

    /// <summary>No handler knows the rule type: archived, completed as parked, never retried.</summary>
    Parked,

    /// <summary>A copy of an alert that is completed, or failed and waiting in poison: not run again.</summary>
    Duplicate,

    /// <summary>Another message holds a live claim on the alert: this copy was re-sent, delayed, to look again.</summary>
    Deferred,

    /// <summary>A transient failure: recorded, and the message re-sent by the app with a delay.</summary>
    Retrying,

    /// <summary>A permanent failure, or retries past the horizon: the message is in the partition's poison queue with the reason.</summary>
    Poisoned,
}
