using System.Globalization;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// The worker's CPU and allocations per alert, codat-alerts against a bare app of the same shape, against one Azurite
/// (issue 10). As the two real apps would, each path runs in a worker process of its own under the runtime
/// configuration it ships: every round of every path is a child process (<see cref="CpuPathRun"/>, started by
/// <see cref="ChildProcess"/>); the bare child under the benchmark's own runtimeconfig (the defaults a bare Functions
/// app ships), the app child under the benchmark's merged with the configProperties of the app's built runtimeconfig
/// (<see cref="ChildRuntimeConfig"/>). Each child warms its path up (<c>--warm-up</c> alerts), then takes
/// <c>--alerts</c> legacy alerts through its HTTP function (at <c>--concurrency</c>) and then through its queue
/// functions (eight queues, in host.json's batches), and reports CPU and allocations per alert of each phase. Every
/// child gets a fresh Azurite; this process keeps the one telemetry sink of the run and prints every round, then the
/// median over rounds. Rounds alternate bare and app (<c>--rounds</c>), so drift in the machine's load falls on both.
/// </summary>
/// <remarks>
/// <para><c>--set Key=Value</c> (repeatable) overrides an app setting, to measure what one switch costs, e.g.
/// <c>--set Logging:LogLevel:Default=Warning</c> or <c>--set APPLICATIONINSIGHTS_CONNECTION_STRING=</c> (no exporter).</para>
/// <para><c>--bare-config app</c> runs the bare child under the app's runtimeconfig too, so that the ratio prices the
/// code alone, apart from the runtime settings the app ships. <c>--only bare|app</c> runs one path, to profile it.</para>
/// </remarks>
internal static class CpuLoadRun
{
    // The thread-pool setting the app ships for issue 10; every child shows its value, whether or not the paths differ.
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    public static async Task<int> RunAsync(string[] args)
    {
        var alerts = LoadArguments.Int(args, "--alerts", 2_000);
        var concurrency = LoadArguments.Int(args, "--concurrency", 32);
        var rounds = LoadArguments.Int(args, "--rounds", 3);
        var warmUp = LoadArguments.Int(args, "--warm-up", 1_500);
        var only = LoadArguments.Text(args, "--only");
        var bareConfig = LoadArguments.Text(args, "--bare-config") ?? "own";
        if (only is not (null or "bare" or "app") || bareConfig is not ("own" or "app"))
        {
            Console.Error.WriteLine("--only is bare or app; --bare-config is own (the default) or app.");
            return 2;
        }

        using var appConfig = ChildRuntimeConfig.MergedWithApp();
        using var benchmarkConfig = ChildRuntimeConfig.Benchmark();
        var configs = new Dictionary<string, ChildRuntimeConfig>
        {
            ["bare"] = bareConfig == "app" ? appConfig : benchmarkConfig,
            ["app"] = appConfig,
        };
        var paths = configs.Keys.Where(p => only is null || p == only).ToArray();
        using var sink = await TelemetrySink.StartAsync();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Worker CPU per alert, codat-alerts vs bare app, into Azurite: {alerts} legacy alerts per round after {warmUp} to warm up, concurrency {concurrency}, {CpuReport.Rounds(rounds)}, {Environment.ProcessorCount} cores, one process per path and round"));
        CpuReport.PrintDifferences(configs);
        foreach (var (key, value) in LoadArguments.Overrides(args))
        {
            Console.WriteLine($"  app setting {key} = '{value}'");
        }

        var shown = configs.Values.SelectMany(c => c.Properties.Keys).Append(SpinLimit).Distinct(StringComparer.Ordinal)
            .Where(key => key == SpinLimit || configs["bare"].Properties.GetValueOrDefault(key) != configs["app"].Properties.GetValueOrDefault(key));
        string[] common =
        [
            "--alerts", Invariant(alerts), "--warm-up", Invariant(warmUp), "--concurrency", Invariant(concurrency),
            "--telemetry", sink.ConnectionString,
            .. shown.SelectMany(key => new[] { "--show", key }),
            .. LoadArguments.All(args, "--set").SelectMany(pair => new[] { "--set", pair }),
        ];

        Console.WriteLine();
        CpuReport.PrintTableHeader();
        var measured = new List<PhaseResult>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var path in paths)
            {
                // A fresh, empty Azurite for every child: its in-memory store slows down as one path's records and
                // messages accumulate (a bare round after an app round drained six times slower), which Azure Storage
                // does not, and which would charge one path's leftovers to the next.
                await using var azurite = await AzuriteInstance.StartAsync();
                var results = await ChildProcess.RunAsync(
                    $"{path} round {round}", configs[path], ["--path", path, "--round", Invariant(round), "--storage", azurite.ConnectionString, .. common]);
                foreach (var result in results)
                {
                    Console.WriteLine(result.Row());
                }

                measured.AddRange(results);
            }
        }

        CpuReport.PrintMedians(measured, rounds);
        return 0;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
