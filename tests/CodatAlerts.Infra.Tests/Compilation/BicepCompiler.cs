using System.Diagnostics;
using System.Xml.Linq;

namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>
/// The Bicep compiler pinned by <c>tools/Bicep/Bicep.proj</c>, found where <c>PackageDownload</c> puts it (the NuGet
/// global packages folder), the same way <c>scripts/bicep-check.sh</c> finds it. Restores the tools project once when
/// the compiler is not there yet, so <c>dotnet test</c> works on its own. Every command runs with
/// <c>--no-restore</c>: the templates use local modules only and must build offline.
/// </summary>
internal sealed class BicepCompiler
{
    private const string PackageId = "Azure.Bicep.CommandLine.linux-x64";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly string executable;

    private BicepCompiler(string executable) => this.executable = executable;

    public static async Task<BicepCompiler> LocateAsync(string repositoryRoot)
    {
        var toolsProject = Path.Combine(repositoryRoot, "tools", "Bicep", "Bicep.proj");
        var version = PinnedVersion(toolsProject);

        var executable = Path.Combine(await GlobalPackagesFolderAsync(), PackageId.ToLowerInvariant(), version, "tools", "bicep");
        if (!File.Exists(executable))
        {
            await RunAsync("dotnet", ["restore", toolsProject, "--nologo", "--verbosity", "quiet"], repositoryRoot);
        }

        return File.Exists(executable)
            ? new BicepCompiler(executable)
            : throw new FileNotFoundException($"Restoring {toolsProject} did not produce the Bicep compiler.", executable);
    }

    /// <summary>Compiles a .bicep file to an ARM template.</summary>
    public Task BuildAsync(string bicepFile, string outputFile) =>
        RunAsync(executable, ["build", "--no-restore", bicepFile, "--outfile", outputFile], Path.GetDirectoryName(bicepFile)!);

    /// <summary>Compiles a .bicepparam file to an ARM parameters file.</summary>
    public Task BuildParamsAsync(string paramsFile, string outputFile) =>
        RunAsync(executable, ["build-params", "--no-restore", paramsFile, "--outfile", outputFile], Path.GetDirectoryName(paramsFile)!);

    /// <summary>
    /// Writes <c>&lt;name&gt;.snapshot.json</c> beside a .bicepparam file: every resource the deployment would create,
    /// with loops, conditions and functions evaluated for the given scope. Values known only at deployment time
    /// (another resource's properties) stay as ARM expressions.
    /// </summary>
    public async Task<string> SnapshotAsync(string paramsFile, DeploymentScope scope)
    {
        await RunAsync(
            executable,
            [
                "snapshot", paramsFile, "--mode", "overwrite",
                "--tenant-id", scope.TenantId, "--subscription-id", scope.SubscriptionId,
                "--resource-group", scope.ResourceGroup, "--location", scope.Location,
                "--deployment-name", scope.DeploymentName,
            ],
            Path.GetDirectoryName(paramsFile)!);
        return Path.ChangeExtension(paramsFile, ".snapshot.json");
    }

    private static string PinnedVersion(string toolsProject)
    {
        var download = XDocument.Load(toolsProject).Descendants("PackageDownload")
            .Single(item => string.Equals((string?)item.Attribute("Include"), PackageId, StringComparison.OrdinalIgnoreCase));

        // PackageDownload takes exact versions only, written in brackets: [0.49.2].
        return ((string)download.Attribute("Version")!).Trim('[', ']');
    }

    private static async Task<string> GlobalPackagesFolderAsync()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        // Prints "global-packages: /root/.nuget/packages/".
        var output = await RunAsync("dotnet", ["nuget", "locals", "global-packages", "--list"], Environment.CurrentDirectory);
        return output.Trim().Split(':', 2)[1].Trim();
    }

    private static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var timeout = new CancellationTokenSource(CommandTimeout);

        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        return process.ExitCode == 0
            ? await standardOutput
            : throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{await standardError}{await standardOutput}");
    }
}
