using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage.Queues;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using CodatAlerts.Testing.Samples;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// The worker's CPU and allocations per alert, codat-alerts against a bare app of the same shape, in one process
/// against one Azurite (issue 10). Each path takes the same legacy alerts through its HTTP function (at
/// <c>--concurrency</c>) and then through its queue functions (eight queues, batches of 32). CPU is the process's
/// <see cref="Process.TotalProcessorTime"/> over each phase (Azurite and the telemetry sink run in other processes),
/// allocations are <see cref="GC.GetTotalAllocatedBytes(bool)"/>; both are divided by the alerts of the phase.
/// Rounds alternate bare and app, after a warm-up of each, so drift in the machine's load falls on both.
/// </summary>
/// <remarks>
/// <c>--set Key=Value</c> (repeatable) overrides an app setting, to measure what one switch costs, e.g.
/// <c>--set Logging:LogLevel:Default=Warning</c> or <c>--set APPLICATIONINSIGHTS_CONNECTION_STRING=</c> (no exporter).
/// </remarks>
internal static class CpuLoadRun
{
    private const string Bearer = "Bearer 3kXv9c2lqzv0wQm1Yb8rJt7uHs5eN4aP";
    private const int Clients = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var alerts = Option(args, "--alerts", 2_000);
        var concurrency = Option(args, "--concurrency", 32);
        var rounds = Option(args, "--rounds", 2);
        var warmUp = Option(args, "--warm-up", 400);
        var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null; // To profile one path.

        await using var azurite = await AzuriteInstance.StartAsync();
        using var sink = await TelemetrySink.StartAsync();
        var clientIds = Enumerable.Range(0, Clients).Select(i => new Guid(i + 1, 0x1111, 0x2222, new byte[8]).ToString()).ToArray();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = sink.ConnectionString,
        };
        for (var i = 0; i < Clients; i++)
        {
            // One client per partition, as the bare app sends one client to one queue.
            settings[$"Alerts:Clients:{i}:ClientId"] = clientIds[i];
            settings[$"Alerts:Clients:{i}:Authorization:0"] = Bearer;
            settings[$"Alerts:Clients:{i}:Partition"] = (i % 8).ToString(CultureInfo.InvariantCulture);
        }

        var overrides = Overrides(args);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        await using var app = await LoadApp.StartAsync(settings);
        // The host's own client: its receives and deletes are not the app's, and a loaded machine must not time them out.
        var hostOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        hostOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        var hostQueues = new QueueServiceClient(azurite.ConnectionString, hostOptions);
        var bare = new BareApp(hostQueues, clientIds);
        var appQueues = Enumerable.Range(0, 8).Select(p => hostQueues.GetQueueClient(AlertPartitions.QueueName(p))).ToArray();
        await bare.CreateQueuesAsync();
        var context = new BenchFunctionContext(app.Services);
        var samples = CodatSamples.Legacy.Values.ToArray();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Worker CPU per alert, codat-alerts vs bare app, into Azurite: {alerts} legacy alerts per round, concurrency {concurrency}, {rounds} rounds, {Environment.ProcessorCount} cores, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}"));
        foreach (var (key, value) in overrides)
        {
            Console.WriteLine($"  setting {key} = '{value}'");
        }

        var paths = new[]
        {
            new LoadPath("bare", bare.ReceiveAsync, (p, m, ct) => BareApp.ProcessAsync(m, ct), bare.Queues, () => { }, () => Task.CompletedTask),
            new LoadPath("app", (r, _) => app.ReceiveAsync(r), app.ProcessAsync, appQueues, app.Flush, app.ClearRecordsAsync),
        }.Where(p => only is null || p.Name == only).ToArray();

        foreach (var path in paths)
        {
            await RunRoundAsync(path, Deliveries(warmUp, samples, clientIds), context, concurrency);
        }

        var measured = new List<PhaseResult>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var path in paths)
            {
                measured.AddRange(await RunRoundAsync(path, Deliveries(alerts, samples, clientIds), context, concurrency));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| Path | Phase | Alerts | CPU µs/alert | KB allocated/alert | Wall s | Retries |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var totals = measured.GroupBy(r => (r.Path, r.Phase)).Select(g => PhaseResult.Sum(g)).ToList();
        foreach (var total in totals)
        {
            Console.WriteLine(total.Row());
        }

        foreach (var both in totals.GroupBy(t => t.Path).Select(g => PhaseResult.Sum(g, "intake + processing")))
        {
            Console.WriteLine(both.Row());
        }

        if (only is not null)
        {
            return 0;
        }

        var bareTotal = PhaseResult.Sum(totals.Where(t => t.Path == "bare"), "all");
        var appTotal = PhaseResult.Sum(totals.Where(t => t.Path == "app"), "all");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"app / bare, intake + processing: CPU {appTotal.CpuMicrosPerAlert / bareTotal.CpuMicrosPerAlert:F2}x, allocations {appTotal.KilobytesPerAlert / bareTotal.KilobytesPerAlert:F2}x"));
        return 0;
    }

    private static async Task<IReadOnlyList<PhaseResult>> RunRoundAsync(LoadPath path, Delivery[] deliveries, BenchFunctionContext context, int concurrency)
    {
        await path.Reset();
        var intake = await MeasureAsync(path.Name, "intake", deliveries.Length, path.Flush, async () =>
        {
            var retried = 0;
            await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (delivery, _) =>
            {
                // A 503 (storage slower than the try time-out on a loaded machine) is retried, as Codat would.
                for (var attempt = 1; (int)(await path.Receive(delivery.ToRequest(context), CancellationToken.None)).StatusCode != 202; attempt++)
                {
                    Interlocked.Increment(ref retried);
                    if (attempt == 5)
                    {
                        throw new InvalidOperationException($"{path.Name} refused an alert five times.");
                    }
                }
            });
            return retried;
        });
        var processing = await MeasureAsync(path.Name, "processing", deliveries.Length, path.Flush, () =>
            QueueDrain.DrainAsync(path.Queues, path.Process, deliveries.Length));
        return [intake, processing];
    }

    private static async Task<PhaseResult> MeasureAsync(string path, string phase, int alerts, Action flush, Func<Task<int>> run)
    {
        flush();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();

        var retries = await run();
        flush();

        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var result = new PhaseResult(path, phase, alerts, process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated, elapsed, retries);
        Console.WriteLine(result.Row());
        return result;
    }

    private static Delivery[] Deliveries(int count, string[] samples, string[] clientIds) =>
        [.. Enumerable.Range(0, count).Select(i => new Delivery(
            Encoding.UTF8.GetBytes(CodatSamples.ForClient(CodatSamples.WithFreshId(samples[i % samples.Length]), clientIds[i % clientIds.Length])),
            clientIds[i % clientIds.Length]))];

    private static Dictionary<string, string?> Overrides(string[] args)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                overrides[key] = value.Length == 0 ? null : value;
            }
        }

        return overrides;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>One alert as the Functions host hands it to the HTTP function.</summary>
    private sealed record Delivery(byte[] Body, string ClientId)
    {
        public TestHttpRequestData ToRequest(BenchFunctionContext context)
        {
            var request = new TestHttpRequestData(context, new MemoryStream(Body, writable: false));
            request.Headers.Add("Content-Type", "application/json");
            request.Headers.Add("Content-Length", Body.Length.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Codat-ClientId", ClientId);
            request.Headers.Add("Authorization", Bearer);
            return request;
        }
    }

    private sealed record LoadPath(
        string Name,
        Func<HttpRequestData, CancellationToken, Task<HttpResponseData>> Receive,
        Func<int, Azure.Storage.Queues.Models.QueueMessage, CancellationToken, Task> Process,
        IReadOnlyList<QueueClient> Queues,
        Action Flush,
        Func<Task> Reset);
}
