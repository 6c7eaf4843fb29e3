using System.Diagnostics;
using System.Text.Json;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// Runs one round of one path in a process of its own: this benchmark's <c>cpu-path</c> command, started with
/// <c>dotnet exec --runtimeconfig</c> under the given <see cref="ChildRuntimeConfig"/>. Its output is passed through
/// as it comes (standard error too, which is where a failing child says why), except its one result line
/// (<see cref="CpuPathRun.ResultPrefix"/> then JSON), which is parsed.
/// </summary>
internal static class ChildProcess
{
    public static async Task<PhaseResult[]> RunAsync(string name, ChildRuntimeConfig config, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Muxer())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] exec = ["exec", "--runtimeconfig", config.FilePath, typeof(ChildProcess).Assembly.Location];
        foreach (var argument in exec.Concat(["cpu-path", "--expect-runtimeconfig", config.FilePath]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a cpu-path child.");
        string? result = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(CpuPathRun.ResultPrefix, StringComparison.Ordinal) == true)
            {
                result = e.Data[CpuPathRun.ResultPrefix.Length..];
            }
            else if (e.Data is not null)
            {
                Console.WriteLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();

        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException(
                $"The cpu-path child of {name} exited with code {process.ExitCode}{(result is null ? " and no result" : string.Empty)}; its standard error is above.");
        }

        return JsonSerializer.Deserialize<PhaseResult[]>(result) ?? throw new InvalidDataException("A cpu-path child printed an empty result.");
    }

    // The muxer of the install this process runs on (FX_DEPS_FILE is <root>/shared/Microsoft.NETCore.App/<version>/
    // Microsoft.NETCore.App.deps.json), so a child gets the same runtime even when the dotnet on PATH is another one.
    private static string Muxer()
    {
        var root = AppContext.GetData("FX_DEPS_FILE") is string deps ? Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(deps)))) : null;
        var muxer = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return muxer is not null && File.Exists(muxer) ? muxer : "dotnet";
    }
}
