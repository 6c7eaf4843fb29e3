using System.Diagnostics;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests.LocalRun;

/// <summary>
/// Runs <c>core_tools_resolve</c> from <c>scripts/lib/core-tools.sh</c> in a temporary repository root with a PATH
/// made of stubs only: a fake <c>func</c> reporting a chosen version, a fake <c>npm</c> that records its arguments and
/// either fails (as it does when Microsoft's CDN is unreachable) or lays out the files of an install, and links to the
/// few system tools the script uses. Nothing is downloaded, and a Core Tools installed on the machine is never seen.
/// </summary>
internal sealed class CoreToolsSandbox : IDisposable
{
    public const string PinnedVersion = "4.13.2";

    private static readonly string[] SystemTools = ["bash", "cat", "grep", "head", "mkdir", "rm", "sort", "tail", "mv", "touch", "chmod"];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codat-core-tools-");
    private readonly string bash = FindOnPath("bash");

    public CoreToolsSandbox()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Stubs);
        Directory.CreateDirectory(System);
        foreach (var tool in SystemTools)
        {
            File.CreateSymbolicLink(Path.Combine(System, tool), FindOnPath(tool));
        }

        // npm: records each call, then fails like a postinstall that cannot reach the CDN, or installs (NPM_STUB=install).
        WriteScript(Path.Combine(Stubs, "npm"), $$"""
            echo "$*" >> "{{NpmCalls}}"
            if [ "$NPM_STUB" != install ]; then
              echo 'npm error Error: getaddrinfo ENOTFOUND cdn.functions.azure.com' >&2
              exit 1
            fi
            while [ $# -gt 0 ]; do
              case "$1" in
                --prefix) prefix=$2; shift ;;
                azure-functions-core-tools@*) version=${1#*@} ;;
              esac
              shift
            done
            {{InstallLayoutCommands("$prefix", "$version", "$NPM_STUB_BINARY")}}
            """);
    }

    /// <summary>The fake repository root passed to <c>core_tools_resolve</c>.</summary>
    public string Root => Path.Combine(folder.FullName, "repo");

    /// <summary>Where the script installs its own copy.</summary>
    public string LocalFunc => Path.Combine(Root, ".tools", "core-tools", "node_modules", ".bin", "func");

    public string PathFunc => Path.Combine(Stubs, "func");

    private string Stubs => Path.Combine(folder.FullName, "stubs");

    private string System => Path.Combine(folder.FullName, "system");

    private string NpmCalls => Path.Combine(folder.FullName, "npm-calls");

    /// <summary>The npm command lines the script ran.</summary>
    public IReadOnlyList<string> NpmInvocations => File.Exists(NpmCalls) ? File.ReadAllLines(NpmCalls) : [];

    /// <summary>Puts a func that reports <paramref name="version"/> on PATH.</summary>
    public void FuncOnPath(string version) => WriteScript(PathFunc, $"echo '{version}'");

    /// <summary>Lays out the repository's copy as a finished npm install of <paramref name="version"/> would.</summary>
    public async Task InstalledLocallyAsync(string version)
    {
        using var process = Start($"{InstallLayoutCommands(Path.Combine(Root, ".tools", "core-tools"), version, "yes")}", new Dictionary<string, string>());
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>Runs <c>core_tools_resolve</c>; npm fails unless <paramref name="npmInstalls"/>.</summary>
    public async Task<(int ExitCode, string Output, string Error)> ResolveAsync(bool npmInstalls = false, bool npmDownloadsBinary = true)
    {
        var library = Path.Combine(Repository.Root, "scripts", "lib", "core-tools.sh");
        var environment = new Dictionary<string, string>
        {
            ["NPM_STUB"] = npmInstalls ? "install" : "fail",
            ["NPM_STUB_BINARY"] = npmDownloadsBinary ? "yes" : "no",
        };
        using var process = Start($"set -euo pipefail; . '{library}'; core_tools_resolve '{Root}'", environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output).Trim(), await error);
    }

    public void Dispose() => folder.Delete(recursive: true);

    // The files an npm install of the package leaves: the package with its version, the .bin link and, unless the
    // postinstall download failed quietly, the downloaded binary.
    private static string InstallLayoutCommands(string prefix, string version, string binary) => $$"""
        package="{{prefix}}/node_modules/azure-functions-core-tools"
        mkdir -p "$package/bin" "{{prefix}}/node_modules/.bin"
        printf '{\n  "name": "azure-functions-core-tools",\n  "version": "%s"\n}\n' "{{version}}" > "$package/package.json"
        printf '#!/bin/sh\necho %s\n' "{{version}}" > "{{prefix}}/node_modules/.bin/func"
        chmod +x "{{prefix}}/node_modules/.bin/func"
        if [ "{{binary}}" = yes ]; then touch "$package/bin/func"; chmod +x "$package/bin/func"; fi
        """;

    private Process Start(string script, Dictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(bash, ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = $"{Stubs}:{System}";
        startInfo.Environment["HOME"] = folder.FullName;
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start bash.");
    }

    private void WriteScript(string path, string body)
    {
        File.WriteAllText(path, $"#!{bash}\n{body}\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("run-local.sh and its tests need a POSIX system.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"{tool} is not on PATH; the Core Tools tests need it.");
}
