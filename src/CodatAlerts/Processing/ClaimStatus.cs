namespace CodatAlerts.Processing;

/// <summary>What an attempt to claim an alert came to.</summary>
public enum ClaimStatus
{
    /// <summary>This worker holds the alert and must run it.</summary>
    Claimed,

    /// <summary>The alert is completed, or failed and waiting in poison for a replay: this copy must not run.</summary>
    Duplicate,

    /// <summary>Another queue message holds a live claim on the alert.</summary>
    Busy,

    /// <summary>
    /// The alert is released and its retry is carried by a later re-sent message: this copy is not needed (typically
    /// the original of that re-send, back because the host's delete of it failed).
    /// </summary>
    Superseded,
}
