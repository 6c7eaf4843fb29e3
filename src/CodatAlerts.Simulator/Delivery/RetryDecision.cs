namespace CodatAlerts.Simulator.Delivery;

/// <summary>What the sender does after a failed attempt: try again after <see cref="Delay"/>, or give up.</summary>
internal readonly record struct RetryDecision(TimeSpan? Delay, GiveUpReason? Reason)
{
    /// <summary>Whether another attempt follows.</summary>
    public bool Retries => Delay is not null;

    public static RetryDecision After(TimeSpan delay) => new(delay, null);

    public static RetryDecision GiveUp(GiveUpReason reason) => new(null, reason);
}

/// <summary>Why an alert was lost for good.</summary>
internal enum GiveUpReason
{
    /// <summary>Legacy: the status is not in Codat's retried list (e.g. 400, 500, an unfollowable 3xx).</summary>
    FinalStatus,

    /// <summary>Every allowed retry was made (legacy 3, signed 7 after the first attempt).</summary>
    RetriesExhausted,

    /// <summary>Legacy: the next attempt would fall outside the 2-minute retry window.</summary>
    WindowExceeded,
}
