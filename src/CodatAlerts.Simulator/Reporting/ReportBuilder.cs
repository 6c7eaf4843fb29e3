using System.Globalization;
using System.Text.Json;

namespace CodatAlerts.Simulator.Reporting;

/// <summary>Turns a run's statistics into its report: percentiles, throughput, and a URL safe to print.</summary>
internal static class ReportBuilder
{
    public static RunReport Build(RunDescription run, RunStatistics statistics, TimeSpan elapsed, bool interrupted)
    {
        var totals = statistics.Snapshot();
        var seconds = elapsed.TotalSeconds;
        return new RunReport(
            Mode: JsonNamingPolicy.CamelCase.ConvertName(run.Mode.ToString()),
            Url: Redact(run.Url),
            Concurrency: run.Concurrency,
            RatePerSecond: run.RatePerSecond,
            Interrupted: interrupted,
            Alerts: totals.Started,
            Redeliveries: totals.Redeliveries,
            Delivered: totals.Delivered,
            Lost: totals.Lost,
            RetriedAlerts: totals.RetriedAlerts,
            Retries: totals.Retries,
            Attempts: totals.Attempts,
            StatusCodes: totals.StatusCodes.OrderBy(e => e.Key).ToDictionary(e => e.Key.ToString(CultureInfo.InvariantCulture), e => e.Value),
            Timeouts: totals.Timeouts,
            ConnectionFailures: totals.ConnectionFailures,
            LostBy: totals.LostBy.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key.ToString()), e => e.Value),
            LatencyMs: new LatencySummary(
                P50: Milliseconds(statistics.Latency.Percentile(0.50)),
                P95: Milliseconds(statistics.Latency.Percentile(0.95)),
                P99: Milliseconds(statistics.Latency.Percentile(0.99)),
                Max: Milliseconds(statistics.Latency.Max)),
            ElapsedSeconds: Math.Round(seconds, 3),
            DeliveredPerSecond: PerSecond(totals.Delivered, seconds),
            AttemptsPerSecond: PerSecond(totals.Attempts, seconds));
    }

    /// <summary>
    /// The URL without its query and user info: an Azure Functions URL may carry a function key (<c>?code=…</c>),
    /// and a report is made to be pasted.
    /// </summary>
    public static string Redact(Uri url)
    {
        var withoutSecrets = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
        return withoutSecrets.Uri.ToString() + (string.IsNullOrEmpty(url.Query) ? string.Empty : "?(query hidden)");
    }

    private static double Milliseconds(TimeSpan latency) => Math.Round(latency.TotalMilliseconds, 2);

    private static double PerSecond(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : 0;
}
