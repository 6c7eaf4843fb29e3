namespace CodatAlerts.Infra.Tests.LocalRun;

/// <summary>
/// How <c>scripts/run-local.sh</c> picks the Functions host: the decision in <c>scripts/lib/core-tools.sh</c>, run by
/// bash against stubs (see <see cref="CoreToolsSandbox"/>), so no test downloads anything.
/// </summary>
public sealed class CoreToolsResolutionTests : IDisposable
{
    private const string InstallInstructions = "npm install --global azure-functions-core-tools@4";

    private readonly CoreToolsSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task A_recent_func_on_path_is_used_without_installing()
    {
        // Arrange
        sandbox.FuncOnPath("4.0.7512");

        // Act
        var (exitCode, output, _) = await sandbox.ResolveAsync(npmInstalls: true);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(sandbox.PathFunc, output);
        Assert.Empty(sandbox.NpmInvocations);
    }

    [Fact]
    public async Task A_func_on_path_too_old_for_dotnet_10_is_replaced_by_the_pinned_install()
    {
        // Arrange
        sandbox.FuncOnPath("4.0.5455");

        // Act
        var (exitCode, output, _) = await sandbox.ResolveAsync(npmInstalls: true);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(sandbox.LocalFunc, output);
        Assert.Single(sandbox.NpmInvocations);
    }

    [Fact]
    public async Task The_repository_copy_is_preferred_and_needs_no_network()
    {
        // Arrange
        await sandbox.InstalledLocallyAsync(CoreToolsSandbox.PinnedVersion);
        sandbox.FuncOnPath("4.0.7512");

        // Act
        var (exitCode, output, _) = await sandbox.ResolveAsync();

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(sandbox.LocalFunc, output);
        Assert.Empty(sandbox.NpmInvocations);
    }

    [Fact]
    public async Task A_repository_copy_of_another_version_is_reinstalled_at_the_pinned_one()
    {
        // Arrange
        await sandbox.InstalledLocallyAsync("4.0.7512");

        // Act
        var (exitCode, output, _) = await sandbox.ResolveAsync(npmInstalls: true);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(sandbox.LocalFunc, output);
        Assert.Single(sandbox.NpmInvocations);
    }

    [Fact]
    public async Task Without_core_tools_the_pinned_version_is_installed_into_the_repository_once()
    {
        // Act: the first run installs, the second finds the copy.
        var first = await sandbox.ResolveAsync(npmInstalls: true);
        var second = await sandbox.ResolveAsync(npmInstalls: true);

        // Assert
        Assert.Equal((0, sandbox.LocalFunc), (first.ExitCode, first.Output));
        Assert.Equal((0, sandbox.LocalFunc), (second.ExitCode, second.Output));
        var install = Assert.Single(sandbox.NpmInvocations);
        Assert.Contains($"install --prefix {sandbox.Root}/.tools/core-tools ", install, StringComparison.Ordinal);
        Assert.EndsWith($" azure-functions-core-tools@{CoreToolsSandbox.PinnedVersion}", install, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_download_fails_it_stops_with_the_install_instructions_and_leaves_nothing_behind()
    {
        // Act: npm fails as it does when cdn.functions.azure.com is unreachable.
        var (exitCode, output, error) = await sandbox.ResolveAsync(npmInstalls: false);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Single(sandbox.NpmInvocations);
        Assert.Contains(InstallInstructions, error, StringComparison.Ordinal);
        Assert.Contains(".tools/core-tools-install.log", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(sandbox.Root, ".tools", "core-tools")));
        Assert.Contains("ENOTFOUND", File.ReadAllText(Path.Combine(sandbox.Root, ".tools", "core-tools-install.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_install_without_the_downloaded_binary_is_not_taken_for_core_tools()
    {
        // Act: npm reports success, but the postinstall left no binary.
        var (exitCode, output, error) = await sandbox.ResolveAsync(npmInstalls: true, npmDownloadsBinary: false);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains(InstallInstructions, error, StringComparison.Ordinal);
    }
}
