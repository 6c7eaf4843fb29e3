using CodatAlerts.Simulator.Alerts;
using CodatAlerts.Simulator.Delivery;

namespace CodatAlerts.Simulator.Reporting;

/// <summary>
/// Running totals of a send run, updated lock-free by concurrent deliveries and read by the progress display and the
/// final report. Holds counters only, never alerts, so memory stays flat however many alerts are sent.
/// </summary>
internal sealed class RunStatistics
{
    private const int StatusCodeLimit = 1000;

    private readonly long[] _statusCodes = new long[StatusCodeLimit];
    private readonly long[] _lostBy = new long[Enum.GetValues<GiveUpReason>().Length];
    private long _started;
    private long _redeliveries;
    private long _delivered;
    private long _lost;
    private long _retriedAlerts;
    private long _attempts;
    private long _retries;
    private long _timeouts;
    private long _connectionFailures;

    public LatencyHistogram Latency { get; } = new();

    public void AlertStarted(OutgoingAlert alert)
    {
        Interlocked.Increment(ref _started);
        if (alert.IsRedelivery)
        {
            Interlocked.Increment(ref _redeliveries);
        }
    }

    /// <summary>Every HTTP answer, redirects included.</summary>
    public void ResponseReceived(int statusCode)
    {
        if (statusCode is >= 0 and < StatusCodeLimit)
        {
            Interlocked.Increment(ref _statusCodes[statusCode]);
        }
    }

    public void AttemptCompleted(AttemptResult attempt)
    {
        Interlocked.Increment(ref _attempts);
        switch (attempt.NoAnswer)
        {
            case NoAnswer.Timeout:
                Interlocked.Increment(ref _timeouts);
                break;
            case NoAnswer.ConnectionFailed:
                Interlocked.Increment(ref _connectionFailures);
                break;
            default:
                Latency.Record(attempt.Duration);
                break;
        }
    }

    public void RetryScheduled() => Interlocked.Increment(ref _retries);

    public void AlertFinished(DeliveryResult result)
    {
        if (result.Attempts.Count > 1)
        {
            Interlocked.Increment(ref _retriedAlerts);
        }

        if (result.LostBecause is { } reason)
        {
            Interlocked.Increment(ref _lost);
            Interlocked.Increment(ref _lostBy[(int)reason]);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }

    public RunSnapshot Snapshot() => new(
        Started: Interlocked.Read(ref _started),
        Redeliveries: Interlocked.Read(ref _redeliveries),
        Delivered: Interlocked.Read(ref _delivered),
        Lost: Interlocked.Read(ref _lost),
        RetriedAlerts: Interlocked.Read(ref _retriedAlerts),
        Attempts: Interlocked.Read(ref _attempts),
        Retries: Interlocked.Read(ref _retries),
        Timeouts: Interlocked.Read(ref _timeouts),
        ConnectionFailures: Interlocked.Read(ref _connectionFailures),
        StatusCodes: Enumerable.Range(0, StatusCodeLimit)
            .Select(code => (code, count: Interlocked.Read(ref _statusCodes[code])))
            .Where(entry => entry.count > 0)
            .ToDictionary(entry => entry.code, entry => entry.count),
        LostBy: Enum.GetValues<GiveUpReason>()
            .Select(reason => (reason, count: Interlocked.Read(ref _lostBy[(int)reason])))
            .Where(entry => entry.count > 0)
            .ToDictionary(entry => entry.reason, entry => entry.count));
}
