namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// The signed service's schedule (reference §1.2, Svix): any failure is retried, each wait starting after the previous
/// attempt failed: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. Eight attempts over about 28 hours;
/// <c>--time-scale</c> compresses the waits, not this table.
/// </summary>
internal static class SignedRetrySchedule
{
    /// <summary>The wait before each attempt; the first attempt goes out immediately.</summary>
    public static IReadOnlyList<TimeSpan> Waits { get; } =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    public static int MaxAttempts => Waits.Count;

    /// <summary>Decides what follows the failure of attempt number <paramref name="attemptsMade"/> (1-based).</summary>
    public static RetryDecision Decide(int attemptsMade)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        return attemptsMade < MaxAttempts
            ? RetryDecision.After(Waits[attemptsMade])
            : RetryDecision.GiveUp(GiveUpReason.RetriesExhausted);
    }
}
