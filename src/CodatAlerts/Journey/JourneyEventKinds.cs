namespace CodatAlerts.Journey;

/// <summary>The kinds of <see cref="JourneyEvent"/>, as written (stable: they are stored).</summary>
public static class JourneyEventKinds
{
    /// <summary>A copy was claimed and its handlers are about to run (attempt n; a takeover says so in <see cref="JourneyEvent.Outcome"/>).</summary>
    public const string Claimed = "claimed";

    /// <summary>A copy was absorbed: the alert was already completed, failed or is held by a live copy.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A copy found the alert held by another live copy and was re-sent for later.</summary>
    public const string Deferred = "deferred";

    /// <summary>The handlers failed transiently; the alert will be retried at <see cref="JourneyEvent.NextAttemptAt"/>.</summary>
    public const string AttemptFailed = "attempt-failed";

    /// <summary>The alert went to its poison queue with <see cref="JourneyEvent.Error"/> as the reason.</summary>
    public const string Poisoned = "poisoned";

    /// <summary>The handlers finished (<see cref="JourneyEvent.Outcome"/> <c>handled</c> or <c>parked</c>).</summary>
    public const string Completed = "completed";

    /// <summary>An operator re-ran the alert from its archive.</summary>
    public const string Rerun = "rerun";

    /// <summary>An operator (or the sweep) moved the alert's poison message back to its queue.</summary>
    public const string Replayed = "replayed";

    /// <summary>An operator closed the alert's poison message without replaying it.</summary>
    public const string PoisonClosed = "poison-closed";
}
