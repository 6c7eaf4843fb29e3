using System.Globalization;
using System.Text.Json;
using CodatAlerts.Simulator.Listening;
using CodatAlerts.Simulator.Reporting;

namespace CodatAlerts.Simulator.Output;

/// <summary>
/// Everything the tool prints, in one place: results on standard output (so <c>--json</c> can be piped), progress
/// and errors on standard error. Writes are serialized because deliveries and received requests run concurrently.
/// Nothing here prints a secret: URLs are redacted before they arrive, header values are masked by the listener.
/// </summary>
internal sealed class ConsoleOutput(TextWriter output, TextWriter error)
{
    private readonly Lock _gate = new();

    /// <summary>Rewrites the one-line progress display of a send run.</summary>
    public void Progress(RunSnapshot totals, long expected, int inFlight, TimeSpan elapsed)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"\r{elapsed:hh\\:mm\\:ss}  started {totals.Started}/{expected}  delivered {totals.Delivered}  lost {totals.Lost}  " +
            $"waiting to retry {Math.Max(0, totals.InProgress - inFlight)}  in flight {inFlight}  retries {totals.Retries}   ");
        lock (_gate)
        {
            error.Write(line);
            error.Flush();
        }
    }

    /// <summary>Ends the progress line so the report starts on a fresh one.</summary>
    public void EndProgress()
    {
        lock (_gate)
        {
            error.WriteLine();
        }
    }

    public void Report(RunReport report)
    {
        var rate = report.RatePerSecond is { } perSecond ? $"{perSecond:0.##}/s" : "unlimited";
        var statusCodes = report.StatusCodes.Count == 0 ? "none" : string.Join("  ", report.StatusCodes.Select(e => $"{e.Key}: {e.Value}"));
        var lostBy = report.LostBy.Count == 0 ? string.Empty : "  (" + string.Join(", ", report.LostBy.Select(e => $"{e.Key} {e.Value}")) + ")";
        var latency = report.LatencyMs;
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            codat-sim send: {report.Mode} to {report.Url} (concurrency {report.Concurrency}, rate {rate}){(report.Interrupted ? ", INTERRUPTED" : string.Empty)}
              alerts        {report.Alerts} ({report.Redeliveries} deliberate redeliveries)
              delivered     {report.Delivered}
              lost          {report.Lost}{lostBy}
              retried       {report.RetriedAlerts} alerts, {report.Retries} retries, {report.Attempts} attempts
              status codes  {statusCodes}
              no answer     {report.Timeouts} timeouts, {report.ConnectionFailures} connection failures
              latency ms    p50 {latency.P50}  p95 {latency.P95}  p99 {latency.P99}  max {latency.Max}
              throughput    {report.DeliveredPerSecond} delivered/s, {report.AttemptsPerSecond} attempts/s over {report.ElapsedSeconds} s
            """);
        lock (_gate)
        {
            output.WriteLine(text);
        }
    }

    public void ReportJson(RunReport report)
    {
        var json = JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport);
        lock (_gate)
        {
            output.WriteLine(json);
        }
    }

    public void Error(string message)
    {
        lock (_gate)
        {
            error.WriteLine("codat-sim: " + message);
        }
    }

    public void Listening(string prefix, int status)
    {
        lock (_gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"codat-sim listen: {prefix} answering {status}; Ctrl+C to stop"));
        }
    }

    /// <summary>One received request: in full, or as one line when <paramref name="brief"/>.</summary>
    public void Received(ReceivedRequest request, bool brief)
    {
        var id = request.Headers.FirstOrDefault(h => h.Name.Equals("webhook-id", StringComparison.OrdinalIgnoreCase)).Value;
        var signature = request.Signature switch
        {
            SignatureCheck.Valid => "  signature valid",
            SignatureCheck.Invalid => "  signature INVALID",
            SignatureCheck.Missing => "  signature MISSING",
            _ => string.Empty,
        };
        lock (_gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"#{request.Sequence} {request.Method} {request.Path} -> {request.AnsweredStatus}  {request.Body.Length} chars{(id is null ? string.Empty : "  " + id)}{signature}"));
            if (brief)
            {
                return;
            }

            foreach (var (name, value) in request.Headers)
            {
                output.WriteLine($"  {name}: {value}");
            }

            output.WriteLine("  " + request.Body);
        }
    }
}
