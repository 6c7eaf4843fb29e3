using BenchmarkDotNet.Running;
using CodatAlerts.Benchmarks.Load;

namespace CodatAlerts.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/CodatAlerts.Benchmarks</c> runs the BenchmarkDotNet hot-path
/// benchmarks; with <c>cpu</c> as the first argument it measures the worker's CPU and allocations per alert against a
/// bare app (intake and processing, into Azurite; each path and round in a child process, <c>cpu-path</c>, under the
/// runtime configuration that path ships); with <c>load</c> it runs the intake-versus-bare-enqueue load run.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args is ["cpu", .. var cpuOptions])
        {
            return await CpuLoadRun.RunAsync(cpuOptions);
        }

        if (args is ["cpu-path", .. var pathOptions])
        {
            return await CpuPathRun.RunAsync(pathOptions);
        }

        if (args is ["load", .. var options])
        {
            return await IntakeLoadRun.RunAsync(options);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
