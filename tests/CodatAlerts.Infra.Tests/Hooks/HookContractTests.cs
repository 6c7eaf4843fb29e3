using System.Text.RegularExpressions;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>
/// The contract between azure.yaml, the postprovision hook scripts and the compiled template: azd runs the hooks, and
/// every variable they read is an output of main.bicep (azd passes outputs to hooks as environment variables).
/// </summary>
[Collection(CompiledInfrastructureDefinition.Name)]
public sealed partial class HookContractTests(CompiledInfrastructure infrastructure)
{
    private static readonly string Hooks = Path.Combine(Repository.Root, "scripts", "hooks");

    // Knobs of the hook itself, not deployment outputs.
    private static readonly string[] HookSettings = ["CODAT_HOOK_ATTEMPTS", "CODAT_HOOK_RETRY_SECONDS"];

    [Theory]
    [InlineData("posix", "sh", "./scripts/hooks/postprovision.sh")]
    [InlineData("windows", "pwsh", "./scripts/hooks/postprovision.ps1")]
    public void Azure_yaml_runs_the_postprovision_hook_on_each_platform(string platform, string shell, string script)
    {
        // Arrange
        var azureYaml = SimpleYaml.Parse(File.ReadAllText(Path.Combine(Repository.Root, "azure.yaml")));

        // Act
        var (declaredShell, declaredScript, interactive) = (
            SimpleYaml.Get(azureYaml, "hooks", "postprovision", platform, "shell"),
            SimpleYaml.Get(azureYaml, "hooks", "postprovision", platform, "run"),
            SimpleYaml.Get(azureYaml, "hooks", "postprovision", platform, "interactive"));

        // Assert: interactive, or azd hides the output, and with it the credentials printed once.
        Assert.Equal((shell, script, "true"), (declaredShell, declaredScript, interactive));
        Assert.True(File.Exists(Path.Combine(Repository.Root, script)), $"{script} does not exist.");
    }

    [Theory]
    [InlineData("preprovision", "posix", "sh", "./scripts/hooks/preprovision.sh")]
    [InlineData("preprovision", "windows", "pwsh", "./scripts/hooks/preprovision.ps1")]
    [InlineData("postdeploy", "posix", "sh", "./scripts/hooks/postdeploy.sh")]
    [InlineData("postdeploy", "windows", "pwsh", "./scripts/hooks/postdeploy.ps1")]
    public void Azure_yaml_registers_the_operator_app_before_provisioning_and_proves_the_deployment_after_it(string hook, string platform, string shell, string script)
    {
        // Arrange
        var azureYaml = SimpleYaml.Parse(File.ReadAllText(Path.Combine(Repository.Root, "azure.yaml")));

        // Act
        var declared = (SimpleYaml.Get(azureYaml, "hooks", hook, platform, "shell"), SimpleYaml.Get(azureYaml, "hooks", hook, platform, "run"));

        // Assert
        Assert.Equal((shell, script), declared);
        Assert.True(File.Exists(Path.Combine(Repository.Root, script)), $"{script} does not exist.");
    }

    [Theory]
    [InlineData("postprovision.sh")]
    [InlineData("preprovision.sh")]
    [InlineData("postdeploy.sh")]
    [InlineData("../self-test.sh")]
    [InlineData("../refresh-secrets.sh")]
    public void Every_posix_script_is_executable_because_azd_runs_it_by_its_shebang(string script)
    {
        // Arrange
        var path = Path.Combine(Hooks, script);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Act
        var mode = File.GetUnixFileMode(path);

        // Assert
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{script} must be executable.");
        Assert.StartsWith("#!/usr/bin/env bash\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postprovision.sh")]
    [InlineData("postprovision.ps1")]
    public void Every_variable_a_hook_reads_is_an_output_of_the_template(string script)
    {
        // Arrange
        var outputs = infrastructure.Default.Outputs.Keys;

        // Act
        var read = VariablesRead(script);

        // Assert
        Assert.Contains("AZURE_KEY_VAULT_NAME", read);
        Assert.Contains("CODAT_AUTHORIZATION_SECRET_NAMES", read);
        Assert.Contains("CODAT_SIGNING_SECRET_NAMES", read);
        Assert.Empty(read.Except(outputs).Except(HookSettings));
    }

    [Fact]
    public void Both_hooks_read_the_same_variables()
    {
        // Act
        var (posix, windows) = (VariablesRead("postprovision.sh"), VariablesRead("postprovision.ps1"));

        // Assert
        Assert.Equal(posix.Order(), windows.Order());
    }

    [Fact]
    public void The_secret_name_outputs_name_every_secret_the_app_settings_reference()
    {
        // Arrange: the configured deployment lists clients with both kinds of secret, one name shared by two settings.
        var snapshot = infrastructure.Configured;
        var referenced = snapshot.AppSettings
            .Where(setting => SecretMarkers.IsCredentialSetting(setting.Key))
            .Select(setting => (Kind: setting.Key.Contains("__Authorization__", StringComparison.Ordinal) ? "authorization" : "signing", Name: SecretName().Match(setting.Value).Groups[1].Value))
            .ToList();

        // Act
        var authorization = Words(snapshot.Outputs["CODAT_AUTHORIZATION_SECRET_NAMES"]);
        var signing = Words(snapshot.Outputs["CODAT_SIGNING_SECRET_NAMES"]);

        // Assert
        Assert.Equal(referenced.Where(secret => secret.Kind == "authorization").Select(secret => secret.Name).Distinct().Order(), authorization.Order());
        Assert.Equal(referenced.Where(secret => secret.Kind == "signing").Select(secret => secret.Name).Distinct().Order(), signing.Order());
    }

    [Fact]
    public void The_committed_parameters_name_the_default_clients_two_secrets()
    {
        // Act
        var outputs = infrastructure.Default.Outputs;

        // Assert
        Assert.Equal(["codat-authorization"], Words(outputs["CODAT_AUTHORIZATION_SECRET_NAMES"]));
        Assert.Equal(["codat-signing-secret"], Words(outputs["CODAT_SIGNING_SECRET_NAMES"]));
        Assert.Equal(DeploymentScope.Test.ResourceGroup, (string?)outputs["AZURE_RESOURCE_GROUP"]);
    }

    private static HashSet<string> VariablesRead(string script)
    {
        var text = File.ReadAllText(Path.Combine(Hooks, script));
        var pattern = script.EndsWith(".ps1", StringComparison.Ordinal) ? PowerShellVariable() : ShellVariable();
        return [.. pattern.Matches(text).Select(match => match.Groups[1].Value)];
    }

    private static string[] Words(System.Text.Json.Nodes.JsonNode? value) =>
        ((string?)value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // $NAME or ${NAME...}: the hook reads upper-case names only from the environment.
    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]+)")]
    private static partial Regex ShellVariable();

    [GeneratedRegex(@"\$env:([A-Z][A-Z0-9_]+)")]
    private static partial Regex PowerShellVariable();

    [GeneratedRegex(@"SecretName=([0-9A-Za-z-]+)\)")]
    private static partial Regex SecretName();
}
