using System.Collections.Frozen;
using System.Net.Http.Headers;

namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// The legacy service's retry rules (reference §1.1): only 408, 420, 429, 460, 502, 503, 504, 522 and 524 are retried,
/// at most 3 times within 2 minutes, the interval growing up to 60 s, and a <c>Retry-After</c> (delta-seconds or
/// HTTP-date) overriding the interval. Everything else, 400 and 500 included, is final.
/// </summary>
/// <remarks>
/// Codat publishes the cap but not the first interval or the growth; this policy doubles from 15 s (15, 30, 60), the
/// simplest growth that reaches the cap on the last retry and fits the three retries in the window.
/// </remarks>
internal sealed class LegacyRetryPolicy(TimeProvider clock)
{
    public const int MaxRetries = 3;

    public static TimeSpan Window { get; } = TimeSpan.FromMinutes(2);

    public static TimeSpan FirstInterval { get; } = TimeSpan.FromSeconds(15);

    public static TimeSpan MaxInterval { get; } = TimeSpan.FromSeconds(60);

    private static readonly FrozenSet<int> RetriedStatusCodes = FrozenSet.Create(408, 420, 429, 460, 502, 503, 504, 522, 524);

    /// <summary>Whether Codat retries an answer with this status code.</summary>
    public static bool IsRetried(int statusCode) => RetriedStatusCodes.Contains(statusCode);

    /// <summary>The interval before retry number <paramref name="retry"/> (1-based) when no <c>Retry-After</c> came.</summary>
    public static TimeSpan Interval(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var interval = FirstInterval * Math.Pow(2, retry - 1);
        return interval < MaxInterval ? interval : MaxInterval;
    }

    /// <summary>Decides what follows a failed attempt.</summary>
    /// <param name="statusCode">The final status of the attempt, or none when nothing came back (a timeout or a refused
    /// connection, which Codat lists among the transient errors through 408, 522 and 524).</param>
    /// <param name="retryAfter">The raw <c>Retry-After</c> header of the answer, if any.</param>
    /// <param name="retriesMade">Retries already made for this alert (0 after the first attempt).</param>
    /// <param name="elapsed">Time since the first attempt began, this attempt included.</param>
    public RetryDecision Decide(int? statusCode, string? retryAfter, int retriesMade, TimeSpan elapsed)
    {
        if (statusCode is { } status && !IsRetried(status))
        {
            return RetryDecision.GiveUp(GiveUpReason.FinalStatus);
        }

        if (retriesMade >= MaxRetries)
        {
            return RetryDecision.GiveUp(GiveUpReason.RetriesExhausted);
        }

        var delay = RetryAfterDelay(retryAfter) ?? Interval(retriesMade + 1);
        return elapsed + delay > Window ? RetryDecision.GiveUp(GiveUpReason.WindowExceeded) : RetryDecision.After(delay);
    }

    /// <summary>
    /// The wait a <c>Retry-After</c> asks for: delta-seconds as given, an HTTP-date relative to now (never negative);
    /// none when the header is absent or unreadable, so the regular interval applies.
    /// </summary>
    public TimeSpan? RetryAfterDelay(string? retryAfter)
    {
        if (string.IsNullOrWhiteSpace(retryAfter) || !RetryConditionHeaderValue.TryParse(retryAfter, out var value))
        {
            return null;
        }

        if (value.Delta is { } delta)
        {
            return delta;
        }

        var untilDate = value.Date!.Value - clock.GetUtcNow();
        return untilDate > TimeSpan.Zero ? untilDate : TimeSpan.Zero;
    }
}
