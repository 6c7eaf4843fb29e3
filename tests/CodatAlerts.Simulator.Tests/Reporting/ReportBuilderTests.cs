using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Reporting;

namespace CodatAlerts.Simulator.Tests.Reporting;

public sealed class ReportBuilderTests
{
    [Fact]
    public void Percentiles_are_within_one_percent_and_the_maximum_is_exact()
    {
        // Arrange
        var histogram = new LatencyHistogram();
        foreach (var ms in Enumerable.Range(1, 1000))
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        // Act
        var (p50, p95, p99, max) = (histogram.Percentile(0.50), histogram.Percentile(0.95), histogram.Percentile(0.99), histogram.Max);

        // Assert
        Assert.InRange(p50.TotalMilliseconds, 500, 505);
        Assert.InRange(p95.TotalMilliseconds, 950, 959.5);
        Assert.InRange(p99.TotalMilliseconds, 990, 999.9);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), max);
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        // Arrange
        var histogram = new LatencyHistogram();

        // Act
        var p99 = histogram.Percentile(0.99);

        // Assert
        Assert.Equal(TimeSpan.Zero, p99);
    }

    [Fact]
    public void The_report_counts_outcomes_and_status_codes_and_computes_throughput()
    {
        // Arrange
        var statistics = new RunStatistics();
        Deliver(statistics, 202);
        Deliver(statistics, 503, 202);
        Deliver(statistics, 400);

        // Act
        var report = ReportBuilder.Build(new RunDescription(DeliveryMode.Legacy, new Uri("http://localhost:7071/api/alerts"), 16, null), statistics, TimeSpan.FromSeconds(2), interrupted: false);

        // Assert
        Assert.Equal((3L, 2L, 1L, 1L, 4L), (report.Alerts, report.Delivered, report.Lost, report.RetriedAlerts, report.Attempts));
        Assert.Equal(new Dictionary<string, long> { ["202"] = 2, ["400"] = 1, ["503"] = 1 }, report.StatusCodes);
        Assert.Equal(new Dictionary<string, long> { ["finalStatus"] = 1 }, report.LostBy);
        Assert.Equal(1.0, report.DeliveredPerSecond);
        Assert.Equal(2.0, report.AttemptsPerSecond);
        Assert.Equal("legacy", report.Mode);
    }

    [Fact]
    public void The_report_never_shows_a_function_key_or_user_info_from_the_url()
    {
        // Arrange
        var url = new Uri("https://user:secret@func-codat.azurewebsites.net/api/alerts?code=abc123");

        // Act
        var shown = ReportBuilder.Redact(url);

        // Assert
        Assert.Equal("https://func-codat.azurewebsites.net/api/alerts?(query hidden)", shown);
    }

    private static void Deliver(RunStatistics statistics, params int[] statuses)
    {
        var alert = new CodatAlerts.Simulator.Alerts.OutgoingAlert("msg_x", "id", "client", "rule", Array.Empty<byte>(), IsRedelivery: false);
        statistics.AlertStarted(alert);
        var attempts = statuses.Select(s => AttemptResult.Answered(s, null, TimeSpan.FromMilliseconds(10), 0)).ToList();
        foreach (var attempt in attempts)
        {
            statistics.ResponseReceived(attempt.StatusCode!.Value);
            statistics.AttemptCompleted(attempt);
        }

        var last = attempts[^1];
        statistics.AlertFinished(new DeliveryResult(alert, attempts, [], last.Succeeded ? null : GiveUpReason.FinalStatus));
    }
}
