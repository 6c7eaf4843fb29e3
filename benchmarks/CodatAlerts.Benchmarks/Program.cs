using BenchmarkDotNet.Running;
using CodatAlerts.Benchmarks.Load;

namespace CodatAlerts.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/CodatAlerts.Benchmarks</c> runs the BenchmarkDotNet hot-path
/// benchmarks; with <c>load</c> as the first argument it runs the intake-versus-bare-enqueue load run into Azurite.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args is ["load", .. var options])
        {
            return await IntakeLoadRun.RunAsync(options);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
