using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Fakes;
using CodatAlerts.Testing.Samples;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// One round of one path of the cpu run (<see cref="CpuLoadRun"/>), in a process of its own (<c>cpu-path</c>): it checks
/// that it runs under the runtimeconfig its parent chose, starts the path (codat-alerts wired as the app wires it, or
/// the bare app) against the parent's Azurite and telemetry sink, warms it up, then measures its intake (the HTTP
/// function at <c>--concurrency</c>) and then its processing (the queue functions, drained as the host drains them).
/// CPU is this process's <see cref="Process.TotalProcessorTime"/> over each phase (Azurite and the telemetry sink run in
/// other processes), allocations are <see cref="GC.GetTotalAllocatedBytes(bool)"/>. The two <see cref="PhaseResult"/>s
/// are printed as one line, <see cref="ResultPrefix"/> then JSON, for the parent.
/// </summary>
internal static class CpuPathRun
{
    public const string ResultPrefix = "cpu-path-result ";

    private const string Bearer = "Bearer 3kXv9c2lqzv0wQm1Yb8rJt7uHs5eN4aP";
    private const int Clients = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var name = LoadArguments.Required(args, "--path");
        if (name is not ("bare" or "app"))
        {
            throw new ArgumentException($"--path is bare or app, not '{name}'.", nameof(args));
        }

        var runtimeConfig = LoadArguments.Required(args, "--expect-runtimeconfig");
        ChildRuntimeConfig.VerifyCurrentProcess(runtimeConfig);
        var storage = LoadArguments.Required(args, "--storage");
        var alerts = LoadArguments.Int(args, "--alerts", 2_000);
        var warmUp = LoadArguments.Int(args, "--warm-up", 1_500);
        var concurrency = LoadArguments.Int(args, "--concurrency", 32);
        var shown = LoadArguments.All(args, "--show").Select(key => $", {key} = {AppContext.GetData(key) ?? "(unset)"}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name} round {LoadArguments.Text(args, "--round")} (pid {Environment.ProcessId}): runtimeconfig {runtimeConfig}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}{string.Concat(shown)}"));

        var clientIds = Enumerable.Range(0, Clients).Select(i => new Guid(i + 1, 0x1111, 0x2222, new byte[8]).ToString()).ToArray();
        await using var app = name == "app"
            ? await LoadApp.StartAsync(Settings(storage, LoadArguments.Required(args, "--telemetry"), clientIds, LoadArguments.Overrides(args)))
            : null;
        await using var noServices = new ServiceCollection().BuildServiceProvider();
        // The host's own client: its receives and deletes are not the app's, and a loaded machine must not time them out.
        var hostOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        hostOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        var hostQueues = new QueueServiceClient(storage, hostOptions);
        var path = app is null ? await BarePathAsync(hostQueues, clientIds) : AppPath(app, hostQueues);
        // The bare app has no services of its own; its requests only need a context to create their responses.
        var context = new BenchFunctionContext(app?.Services ?? noServices);
        var samples = CodatSamples.Legacy.Values.ToArray();

        await RunRoundAsync(path, Deliveries(warmUp, samples, clientIds), context, concurrency);
        var results = await RunRoundAsync(path, Deliveries(alerts, samples, clientIds), context, concurrency);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(results));
        return 0;
    }

    private static Dictionary<string, string?> Settings(string storage, string telemetry, string[] clientIds, Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = telemetry,
        };
        for (var i = 0; i < Clients; i++)
        {
            // One client per partition, as the bare app sends one client to one queue.
            settings[$"Alerts:Clients:{i}:ClientId"] = clientIds[i];
            settings[$"Alerts:Clients:{i}:Authorization:0"] = Bearer;
            settings[$"Alerts:Clients:{i}:Partition"] = (i % 8).ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<LoadPath> BarePathAsync(QueueServiceClient hostQueues, string[] clientIds)
    {
        var bare = new BareApp(hostQueues, clientIds);
        await bare.CreateQueuesAsync();
        return new LoadPath("bare", bare.ReceiveAsync, (p, m, ct) => BareApp.ProcessAsync(m, ct), bare.Queues, () => { }, () => Task.CompletedTask);
    }

    private static LoadPath AppPath(LoadApp app, QueueServiceClient hostQueues) =>
        new("app", (r, _) => app.ReceiveAsync(r), app.ProcessAsync,
            [.. Enumerable.Range(0, AlertPartitions.Count).Select(p => hostQueues.GetQueueClient(AlertPartitions.QueueName(p)))],
            app.Flush, app.ClearRecordsAsync);

    private static async Task<PhaseResult[]> RunRoundAsync(LoadPath path, Delivery[] deliveries, BenchFunctionContext context, int concurrency)
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
        return new PhaseResult(path, phase, alerts, process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated, elapsed, retries);
    }

    private static Delivery[] Deliveries(int count, string[] samples, string[] clientIds) =>
        [.. Enumerable.Range(0, count).Select(i => new Delivery(
            Encoding.UTF8.GetBytes(CodatSamples.ForClient(CodatSamples.WithFreshId(samples[i % samples.Length]), clientIds[i % clientIds.Length])),
            clientIds[i % clientIds.Length]))];

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
