namespace CodatAlerts.Simulator.Delivery;

/// <summary>How one attempt (one POST, plus the redirects legacy mode follows) ended.</summary>
/// <param name="StatusCode">The final answer's status, or none when nothing came back.</param>
/// <param name="NoAnswer">Why nothing came back, when <paramref name="StatusCode"/> is none.</param>
/// <param name="RetryAfter">The answer's raw <c>Retry-After</c> header, if any.</param>
/// <param name="Duration">From the first byte sent to the final answer (or to the failure).</param>
/// <param name="Redirects">Redirects followed within the attempt.</param>
internal sealed record AttemptResult(int? StatusCode, NoAnswer? NoAnswer, string? RetryAfter, TimeSpan Duration, int Redirects)
{
    /// <summary>Codat counts any 2xx as delivered, in both modes.</summary>
    public bool Succeeded => StatusCode is >= 200 and <= 299;

    public static AttemptResult Answered(int statusCode, string? retryAfter, TimeSpan duration, int redirects) =>
        new(statusCode, null, retryAfter, duration, redirects);

    public static AttemptResult Failed(NoAnswer reason, TimeSpan duration, int redirects) =>
        new(null, reason, null, duration, redirects);
}

/// <summary>Why an attempt got no answer.</summary>
internal enum NoAnswer
{
    /// <summary>No answer within the attempt timeout.</summary>
    Timeout,

    /// <summary>The connection failed (refused, reset, DNS, TLS).</summary>
    ConnectionFailed,
}
