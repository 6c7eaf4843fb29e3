namespace CodatAlerts.Simulator.Reporting;

/// <summary>The final report of a send run, printed as text or, with <c>--json</c>, as this record in camelCase.</summary>
internal sealed record RunReport(
    string Mode,
    string Url,
    int Concurrency,
    double? RatePerSecond,
    bool Interrupted,
    long Alerts,
    long Redeliveries,
    long Delivered,
    long Lost,
    long RetriedAlerts,
    long Retries,
    long Attempts,
    IReadOnlyDictionary<string, long> StatusCodes,
    long Timeouts,
    long ConnectionFailures,
    IReadOnlyDictionary<string, long> LostBy,
    LatencySummary LatencyMs,
    double ElapsedSeconds,
    double DeliveredPerSecond,
    double AttemptsPerSecond);

/// <summary>Latency of answered attempts, in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P95, double P99, double Max);
