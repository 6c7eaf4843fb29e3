using System.Diagnostics;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>
/// Runs <c>scripts/self-test.sh</c> against a fake <c>az</c> (Key Vault values, an access token) and a fake
/// <c>curl</c> that plays the deployed app: the intake answers with a chosen status and keeps the headers and body it
/// was sent; the inspector answers "processing" until a chosen poll, then the record with a chosen outcome. Every
/// command line of both is recorded. Nothing reaches Azure.
/// </summary>
internal sealed class SelfTestSandbox : IDisposable
{
    public const string AuthorizationValue = "Bearer self-test-authorization-value-0123456789";
    public const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string AccessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.self-test-token";
    public const string OperatorsClientId = "66666666-7777-8888-9999-000000000000";
    public const string WebhookUrl = "https://func-codat-test.azurewebsites.net/api/alerts";

    private static readonly string[] SystemTools =
        ["awk", "base64", "bash", "cat", "chmod", "cp", "date", "dirname", "grep", "head", "mktemp", "od", "openssl", "rm", "sleep", "tr"];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codat-selftest-");
    private readonly string bash = FindOnPath("bash");

    public SelfTestSandbox()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The self-test tests need a POSIX system.");
        }

        WriteStubs();
    }

    [global::System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void WriteStubs()
    {
        Directory.CreateDirectory(Stubs);
        Directory.CreateDirectory(System);
        foreach (var tool in SystemTools)
        {
            File.CreateSymbolicLink(Path.Combine(System, tool), FindOnPath(tool));
        }

        WriteStub("az", $$"""
            #!{{bash}}
            echo "az $*" >> "{{CallsFile}}"
            case "$1 $2 $3" in
              "keyvault secret show")
                case "$*" in
                  *"--name codat-authorization "*) echo "{{AuthorizationValue}}" ;;
                  *"--name codat-signing-secret "*) echo "{{SigningSecret}}" ;;
                  *) exit 1 ;;
                esac ;;
              "account get-access-token "*) echo "{{AccessToken}}" ;;
            esac
            exit 0
            """);
        WriteStub("curl", $$"""
            #!{{bash}}
            echo "curl $*" >> "{{CallsFile}}"
            headers='' data='' output='' format='' target=''
            while [ $# -gt 0 ]; do
              case "$1" in
                --header) headers=${2#@}; shift ;;
                --data-binary) data=${2#@}; shift ;;
                --output) output=$2; shift ;;
                --write-out) format=$2; shift ;;
                --max-time) shift ;;
                --*) ;;
                *) target=$1 ;;
              esac
              shift
            done
            if [ -n "$data" ]; then
              cp "$headers" "{{IntakeHeadersFile}}"
              cp "$data" "{{IntakeBodyFile}}"
              echo '{"error":"stub"}' > "$output"
              printf '%s 0.123' "$CURL_STUB_INTAKE_STATUS"
              exit 0
            fi
            cp "$headers" "{{InspectorHeadersFile}}"
            echo "$target" >> "{{InspectorUrlsFile}}"
            polls=$(($(cat "{{PollsFile}}" 2>/dev/null || echo 0) + 1))
            echo "$polls" > "{{PollsFile}}"
            if [ "$CURL_STUB_COMPLETE_AFTER" -gt 0 ] && [ "$polls" -ge "$CURL_STUB_COMPLETE_AFTER" ]; then
              printf '{"clientId":"","state":"Completed","outcome":"%s"}' "$CURL_STUB_OUTCOME" > "$output"
            else
              printf '{"clientId":"","state":"Processing","outcome":null}' > "$output"
            fi
            printf 200
            """);
    }

    private string Stubs => Path.Combine(folder.FullName, "stubs");

    private string System => Path.Combine(folder.FullName, "system");

    private string CallsFile => Path.Combine(folder.FullName, "calls");

    private string PollsFile => Path.Combine(folder.FullName, "polls");

    private string IntakeHeadersFile => Path.Combine(folder.FullName, "intake-headers");

    private string IntakeBodyFile => Path.Combine(folder.FullName, "intake-body");

    private string InspectorHeadersFile => Path.Combine(folder.FullName, "inspector-headers");

    private string InspectorUrlsFile => Path.Combine(folder.FullName, "inspector-urls");

    /// <summary>Every az and curl command line the script ran.</summary>
    public IReadOnlyList<string> Calls => File.Exists(CallsFile) ? File.ReadAllLines(CallsFile) : [];

    /// <summary>The headers the intake received, name to value (names as sent).</summary>
    public IReadOnlyDictionary<string, string> IntakeHeaders => Headers(IntakeHeadersFile);

    /// <summary>The exact body the intake received.</summary>
    public string IntakeBody => File.ReadAllText(IntakeBodyFile);

    /// <summary>The headers of the last inspector call.</summary>
    public IReadOnlyDictionary<string, string> InspectorHeaders => Headers(InspectorHeadersFile);

    /// <summary>Every URL the inspector was asked for.</summary>
    public IReadOnlyList<string> InspectorUrls => File.Exists(InspectorUrlsFile) ? File.ReadAllLines(InspectorUrlsFile) : [];

    /// <summary>Runs the self-test with the azd environment of a deployment with the default client.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(
        int intakeStatus = 202, int completeAfterPolls = 2, string outcome = "parked")
    {
        var startInfo = new ProcessStartInfo(bash, [Path.Combine(Repository.Root, "scripts", "self-test.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.FullName,
        };
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = $"{Stubs}:{System}";
        startInfo.Environment["HOME"] = folder.FullName;
        startInfo.Environment["TMPDIR"] = folder.FullName;
        startInfo.Environment["CODAT_WEBHOOK_URL"] = WebhookUrl;
        startInfo.Environment["AZURE_KEY_VAULT_NAME"] = "kv-codat-test";
        startInfo.Environment["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-0000000000bb";
        startInfo.Environment["CODAT_AUTHORIZATION_SECRET_NAMES"] = "codat-authorization";
        startInfo.Environment["CODAT_SIGNING_SECRET_NAMES"] = "codat-signing-secret";
        startInfo.Environment["OPERATORS_ENTRA_CLIENT_ID"] = OperatorsClientId;
        startInfo.Environment["CODAT_SELFTEST_TIMEOUT_SECONDS"] = "2";
        startInfo.Environment["CODAT_SELFTEST_POLL_SECONDS"] = "0.2";
        startInfo.Environment["CURL_STUB_INTAKE_STATUS"] = intakeStatus.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["CURL_STUB_COMPLETE_AFTER"] = completeAfterPolls.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["CURL_STUB_OUTCOME"] = outcome;

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static Dictionary<string, string> Headers(string file) =>
        File.ReadAllLines(file)
            .Select(line => line.Split(": ", 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.OrdinalIgnoreCase);

    [global::System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void WriteStub(string name, string text)
    {
        var path = Path.Combine(Stubs, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"{tool} is not on PATH; the self-test tests need it.");
}
