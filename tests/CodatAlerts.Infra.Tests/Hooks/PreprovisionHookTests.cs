using System.Diagnostics;
using System.Text.Json;
using CodatAlerts.Infra.Tests.Compilation;
using CodatAlerts.Operators;

namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>
/// What <c>scripts/hooks/preprovision.sh</c> does to Entra ID, against a fake <c>az</c> and <c>azd</c> that record
/// every call (and the files handed to <c>az rest --body @file</c>). The fake directory holds an app registration
/// only when told to, and a role assignment only when told to.
/// </summary>
public sealed class PreprovisionHookTests : IDisposable
{
    private const string ClientId = "abababab-0000-0000-0000-000000000001";
    private const string Principal = "11111111-2222-3333-4444-555555555555";
    private static readonly string Manifest = Path.Combine(Repository.Root, "scripts", "hooks", "operator-app.json");
    private static readonly string[] SystemTools = ["bash", "cat", "dirname", "mktemp", "rm"];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codat-preprovision-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task A_first_run_creates_the_registration_its_roles_its_service_principal_and_makes_the_deployer_an_operator()
    {
        // Act
        var (exitCode, _, error) = await RunAsync(appExists: false, assigned: false);

        // Assert
        Assert.True(exitCode == 0, error);
        var calls = Calls;
        Assert.Contains(calls, call => call.StartsWith("az ad app create --display-name codat-alerts-operators-prod ", StringComparison.Ordinal));
        Assert.Contains(calls, call => call.StartsWith($"az ad sp create --id {ClientId}", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Manifest), Bodies[0]);
        Assert.Equal($"{{\"identifierUris\":[\"api://{ClientId}\"]}}", Bodies[1]);
        using var assignment = JsonDocument.Parse(Bodies[2]);
        Assert.Equal(Principal, assignment.RootElement.GetProperty("principalId").GetString());
        Assert.Equal(RoleId(OperatorRoles.Operator), assignment.RootElement.GetProperty("appRoleId").GetString());
        Assert.Contains($"azd env set OPERATORS_ENTRA_CLIENT_ID {ClientId}", calls);
    }

    [Fact]
    public async Task A_rerun_finds_the_registration_and_the_assignment_and_creates_nothing()
    {
        // Act
        var (exitCode, _, error) = await RunAsync(appExists: true, assigned: true);

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.DoesNotContain(Calls, call => call.Contains(" create ", StringComparison.Ordinal) || call.StartsWith("az rest --method post", StringComparison.Ordinal));
        Assert.Equal(2, Bodies.Count);
    }

    [Fact]
    public void The_manifest_declares_the_roles_the_app_checks_v2_tokens_and_lets_the_azure_cli_ask_for_a_token()
    {
        // Arrange
        using var manifest = JsonDocument.Parse(File.ReadAllText(Manifest));
        var api = manifest.RootElement.GetProperty("api");

        // Act
        var roles = manifest.RootElement.GetProperty("appRoles").EnumerateArray().Select(role => role.GetProperty("value").GetString());
        var scopeId = api.GetProperty("oauth2PermissionScopes")[0].GetProperty("id").GetString();
        var preAuthorized = Assert.Single(api.GetProperty("preAuthorizedApplications").EnumerateArray());

        // Assert: 04b07795-… is the Azure CLI's client ID; without it az account get-access-token needs consent first.
        Assert.Equal([OperatorRoles.Reader, OperatorRoles.Operator], roles);
        Assert.Equal(2, api.GetProperty("requestedAccessTokenVersion").GetInt32());
        Assert.Equal("04b07795-8ddb-461a-bbee-02f9e1bf7b46", preAuthorized.GetProperty("appId").GetString());
        Assert.Equal([scopeId], preAuthorized.GetProperty("delegatedPermissionIds").EnumerateArray().Select(id => id.GetString()));
    }

    private IReadOnlyList<string> Calls => File.ReadAllLines(Path.Combine(folder.FullName, "calls"));

    private List<string> Bodies =>
        [.. Directory.GetFiles(folder.FullName, "body-*").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    private static string RoleId(string value)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Manifest));
        return manifest.RootElement.GetProperty("appRoles").EnumerateArray()
            .Single(role => role.GetProperty("value").GetString() == value).GetProperty("id").GetString()!;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(bool appExists, bool assigned)
    {
        var bash = FindOnPath("bash");
        var stubs = Directory.CreateDirectory(Path.Combine(folder.FullName, "stubs")).FullName;
        var system = Directory.CreateDirectory(Path.Combine(folder.FullName, "system")).FullName;
        foreach (var tool in SystemTools)
        {
            File.CreateSymbolicLink(Path.Combine(system, tool), FindOnPath(tool));
        }

        var calls = Path.Combine(folder.FullName, "calls");
        WriteStub(Path.Combine(stubs, "azd"), $"#!{bash}\necho \"azd $*\" >> \"{calls}\"\n");
        WriteStub(Path.Combine(stubs, "az"), $$"""
            #!{{bash}}
            echo "az $*" >> "{{calls}}"
            for argument in "$@"; do
              case "$argument" in
                @*) n=$(ls "{{folder.FullName}}" | grep -c '^body-' || true); cat "${argument#@}" > "{{folder.FullName}}/body-$n" ;;
              esac
            done
            case "$1 $2 $3" in
              "ad app list") {{(appExists ? $"echo {ClientId}" : "true")}} ;;
              "ad app create") echo {{ClientId}} ;;
              "ad app show") echo object-id ;;
              "ad sp show") {{(appExists ? "echo sp-id" : "exit 3")}} ;;
              "ad sp create") echo sp-id ;;
              "rest --method get") echo {{(assigned ? 1 : 0)}} ;;
            esac
            exit 0
            """);

        var startInfo = new ProcessStartInfo(bash, [Path.Combine(Repository.Root, "scripts", "hooks", "preprovision.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.FullName,
        };
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = $"{stubs}:{system}:/usr/bin:/bin";
        startInfo.Environment["HOME"] = folder.FullName;
        startInfo.Environment["TMPDIR"] = folder.FullName;
        startInfo.Environment["AZURE_ENV_NAME"] = "prod";
        startInfo.Environment["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-0000000000bb";
        startInfo.Environment["AZURE_PRINCIPAL_ID"] = Principal;

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static void WriteStub(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"{tool} is not on PATH; the hook tests need it.");
}
