using System.Diagnostics;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>
/// Runs <c>scripts/hooks/postprovision.sh</c> with azd's output variables and a fake <c>az</c> on a PATH of stubs and
/// a few system tools. The fake vault holds the secret names it is given; the fake records every call and, for
/// <c>keyvault secret set</c>, the name and the content of the file it was handed. Nothing reaches Azure.
/// </summary>
internal sealed class PostprovisionHookSandbox : IDisposable
{
    public const string Vault = "kv-codat-test";
    public const string App = "func-codat-test";
    public const string Group = "rg-codat-test";
    public const string Subscription = "00000000-0000-0000-0000-0000000000bb";
    public const string Principal = "11111111-2222-3333-4444-555555555555";
    public const string OperatorsClientId = "0b7e9d2a-8c1f-4e3d-b5a6-7f8091a2b3c4";
    public const string AppObjectId = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

    private static readonly string[] SystemTools = ["bash", "base64", "cat", "chmod", "dirname", "grep", "head", "mktemp", "rm", "sleep", "tr"];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codat-hook-");
    private readonly string bash = FindOnPath("bash");

    public PostprovisionHookSandbox()
    {
        Directory.CreateDirectory(Stubs);
        Directory.CreateDirectory(System);
        foreach (var tool in SystemTools)
        {
            File.CreateSymbolicLink(Path.Combine(System, tool), FindOnPath(tool));
        }

        File.WriteAllText(VaultFile, "");
        File.WriteAllText(SpaFile, "");
        var az = Path.Combine(Stubs, "az");
        File.WriteAllText(az, $$"""
            #!{{bash}}
            echo "$*" >> "{{CallsFile}}"
            case "$1 $2 $3" in
              "account show "*)
                case "$*" in
                  *user.type*) echo user ;;
                esac ;;
              "ad signed-in-user show") echo "$AZ_STUB_SIGNED_IN" ;;
              "rest --method get")
                if [ -n "$AZ_STUB_UNRESOLVED" ]; then printf '%s\tKeyVaultSecretNotFound\tThe secret was not found.\n' "$AZ_STUB_UNRESOLVED"; fi ;;
              "keyvault secret list")
                if [ "$AZ_STUB_LIST" = fail ]; then echo 'ERROR: (Forbidden) Caller is not authorized' >&2; exit 1; fi
                cat "{{VaultFile}}" ;;
              "keyvault secret set")
                while [ $# -gt 0 ]; do
                  case "$1" in --name) name=$2; shift ;; --file) file=$2; shift ;; esac
                  shift
                done
                printf '%s\t%s\n' "$name" "$(cat "$file")" >> "{{SetFile}}"
                echo "$name" >> "{{VaultFile}}" ;;
              "functionapp show "*) echo "/subscriptions/s/resourceGroups/{{Group}}/providers/Microsoft.Web/sites/{{App}}" ;;
              "ad app show")
                if [ "$AZ_STUB_APP" = fail ]; then echo 'ERROR: Insufficient privileges to complete the operation.' >&2; exit 1; fi
                case "$*" in
                  *spa.redirectUris*) cat "{{SpaFile}}" ;;
                  *"--query id"*) echo "{{AppObjectId}}" ;;
                esac ;;
              "rest --method patch")
                while [ $# -gt 0 ]; do
                  case "$1" in --body) body=$2; shift ;; esac
                  shift
                done
                # The app registration's spa.redirectUris become exactly the list sent, as a Graph PATCH does.
                json=$(cat "${body#@}")
                echo "$json" >> "{{PatchFile}}"
                uris=${json#*[}
                uris=${uris%]*}
                : > "{{SpaFile}}"
                IFS=, read -ra list <<< "$uris"
                for uri in "${list[@]}"; do uri=${uri#\"}; echo "${uri%\"}" >> "{{SpaFile}}"; done ;;
            esac
            exit 0
            """);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The hook tests need a POSIX system.");
        }

        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Stubs => Path.Combine(folder.FullName, "stubs");

    private string System => Path.Combine(folder.FullName, "system");

    private string VaultFile => Path.Combine(folder.FullName, "vault");

    private string CallsFile => Path.Combine(folder.FullName, "az-calls");

    private string SetFile => Path.Combine(folder.FullName, "az-set");

    private string SpaFile => Path.Combine(folder.FullName, "spa-redirect-uris");

    private string PatchFile => Path.Combine(folder.FullName, "az-patches");

    /// <summary>The fake app registration's single-page application redirect URIs, in order.</summary>
    public IReadOnlyList<string> SpaRedirectUris => [.. File.ReadAllLines(SpaFile).Where(line => line.Length > 0)];

    /// <summary>The bodies of the Graph PATCH requests the hook sent.</summary>
    public IReadOnlyList<string> Patches => File.Exists(PatchFile) ? File.ReadAllLines(PatchFile) : [];

    /// <summary>Gives the fake app registration these single-page application redirect URIs.</summary>
    public void AppRegistrationHas(params string[] redirectUris) => File.WriteAllLines(SpaFile, redirectUris);

    /// <summary>Every az command line the hook ran.</summary>
    public IReadOnlyList<string> Calls => File.Exists(CallsFile) ? File.ReadAllLines(CallsFile) : [];

    /// <summary>The secrets the hook set, name to the value it wrote.</summary>
    public IReadOnlyList<(string Name, string Value)> SecretsSet =>
        File.Exists(SetFile)
            ? [.. File.ReadAllLines(SetFile).Select(line => line.Split('\t', 2)).Select(parts => (parts[0], parts[1]))]
            : [];

    /// <summary>Puts secrets of these names into the fake vault.</summary>
    public void VaultHolds(params string[] names) => File.AppendAllLines(VaultFile, names);

    /// <summary>Runs the hook as azd would after provisioning, with the given secret-name outputs.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string authorizationSecretNames,
        string signingSecretNames,
        bool vaultRefusesAccess = false,
        string signedInAs = Principal,
        string unresolvedReference = "",
        string alertEmail = "operations@example.com",
        bool onTerminal = false,
        string? operatorsClientId = null,
        bool appRegistrationRefusesAccess = false)
    {
        var hook = Path.Combine(Repository.Root, "scripts", "hooks", "postprovision.sh");
        var (program, arguments) = onTerminal
            ? (FindOnPath("script"), new[] { "--quiet", "--return", "--command", $"{bash} {hook}", "/dev/null" })
            : (bash, new[] { hook });
        var startInfo = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.FullName,
        };
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = $"{Stubs}:{System}";
        startInfo.Environment["HOME"] = folder.FullName;
        startInfo.Environment["TMPDIR"] = folder.FullName;
        startInfo.Environment["AZURE_KEY_VAULT_NAME"] = Vault;
        startInfo.Environment["AZURE_FUNCTION_APP_NAME"] = App;
        startInfo.Environment["AZURE_RESOURCE_GROUP"] = Group;
        startInfo.Environment["CODAT_WEBHOOK_URL"] = $"https://{App}.azurewebsites.net/api/alerts";
        startInfo.Environment["CODAT_AUTHORIZATION_SECRET_NAMES"] = authorizationSecretNames;
        startInfo.Environment["CODAT_SIGNING_SECRET_NAMES"] = signingSecretNames;
        startInfo.Environment["CODAT_HOOK_ATTEMPTS"] = "2";
        startInfo.Environment["CODAT_HOOK_RETRY_SECONDS"] = "0";
        startInfo.Environment["CODAT_RESOLVE_ATTEMPTS"] = "3";
        startInfo.Environment["CODAT_RESOLVE_RETRY_SECONDS"] = "0";
        startInfo.Environment["AZURE_SUBSCRIPTION_ID"] = Subscription;
        startInfo.Environment["AZURE_PRINCIPAL_ID"] = Principal;
        startInfo.Environment["ALERT_EMAIL"] = alertEmail;
        startInfo.Environment["AZ_STUB_SIGNED_IN"] = signedInAs;
        startInfo.Environment["AZ_STUB_UNRESOLVED"] = unresolvedReference;
        startInfo.Environment["AZ_STUB_LIST"] = vaultRefusesAccess ? "fail" : "ok";
        startInfo.Environment["AZ_STUB_APP"] = appRegistrationRefusesAccess ? "fail" : "ok";
        if (operatorsClientId is not null)
        {
            startInfo.Environment["OPERATORS_ENTRA_CLIENT_ID"] = operatorsClientId;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs the hook as <see cref="RunAsync"/> does, but on a terminal (script(1)), as an interactive azd does.</summary>
    public Task<(int ExitCode, string Output, string Error)> RunOnTerminalAsync(string authorizationSecretNames, string signingSecretNames) =>
        RunAsync(authorizationSecretNames, signingSecretNames, onTerminal: true);

    public void Dispose() => folder.Delete(recursive: true);

    private static string FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"{tool} is not on PATH; the hook tests need it.");
}
