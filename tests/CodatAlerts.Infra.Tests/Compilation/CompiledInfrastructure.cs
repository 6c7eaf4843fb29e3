using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>
/// Compiles <c>infra/</c> once per test run into a temporary folder: the ARM template of <c>main.bicep</c>, the
/// parameters of <c>main.bicepparam</c>, and two deployment snapshots (the defaults of <c>main.bicepparam</c>, and
/// <see cref="ConfiguredDeployment"/>). Nothing compiled is committed.
/// </summary>
public sealed partial class CompiledInfrastructure : IAsyncLifetime
{
    private readonly DirectoryInfo workFolder = Directory.CreateTempSubdirectory("codat-infra-tests-");

    /// <summary>The compiled <c>main.bicep</c>, as text.</summary>
    public string TemplateText { get; private set; } = "";

    /// <summary>The compiled <c>main.bicep</c>.</summary>
    public JsonObject Template { get; private set; } = [];

    /// <summary>The compiled <c>main.bicepparam</c> (the <c>parameters</c> object: name to <c>{ value }</c>).</summary>
    public JsonObject Parameters { get; private set; } = [];

    /// <summary>A deployment with <c>main.bicepparam</c> as committed.</summary>
    public DeploymentSnapshot Default { get; private set; } = null!;

    /// <summary>A deployment with every optional feature in use.</summary>
    public DeploymentSnapshot Configured { get; private set; } = null!;

    /// <summary><see cref="Configured"/>, with the deploying user's data roles asked for (developerDataAccess).</summary>
    public DeploymentSnapshot DeveloperAccess { get; private set; } = null!;

    /// <summary><see cref="Configured"/>, deployed by a service principal (a CI pipeline).</summary>
    public DeploymentSnapshot ContinuousIntegration { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var infra = Path.Combine(Repository.Root, "infra");
        var mainBicep = Path.Combine(infra, "main.bicep");
        var compiler = await BicepCompiler.LocateAsync(Repository.Root);

        var templateFile = Path.Combine(workFolder.FullName, "main.json");
        await compiler.BuildAsync(mainBicep, templateFile);
        TemplateText = await File.ReadAllTextAsync(templateFile);
        Template = JsonNode.Parse(TemplateText)!.AsObject();

        var parametersFile = Path.Combine(workFolder.FullName, "main.parameters.json");
        await compiler.BuildParamsAsync(Path.Combine(infra, "main.bicepparam"), parametersFile);
        Parameters = JsonNode.Parse(await File.ReadAllTextAsync(parametersFile))!["parameters"]!.AsObject();

        // A snapshot is written beside its .bicepparam file, so both parameter sets are copied here, each with a
        // `using` line pointing back at infra/main.bicep (the path must be relative).
        var mainParams = UsingLine().Replace(await File.ReadAllTextAsync(Path.Combine(infra, "main.bicepparam")), "", 1);
        Default = await SnapshotAsync(compiler, mainBicep, "default", mainParams);
        Configured = await SnapshotAsync(compiler, mainBicep, "configured", ConfiguredDeployment.Parameters);
        DeveloperAccess = await SnapshotAsync(compiler, mainBicep, "developer", ConfiguredDeployment.Parameters + "\nparam developerDataAccess = true");
        ContinuousIntegration = await SnapshotAsync(compiler, mainBicep, "ci", ConfiguredDeployment.Parameters + "\nparam principalType = 'ServicePrincipal'");
    }

    public Task DisposeAsync()
    {
        workFolder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private async Task<DeploymentSnapshot> SnapshotAsync(BicepCompiler compiler, string mainBicep, string name, string parameters)
    {
        var paramsFile = Path.Combine(workFolder.FullName, name + ".bicepparam");
        var usingPath = Path.GetRelativePath(workFolder.FullName, mainBicep).Replace('\\', '/');
        await File.WriteAllTextAsync(paramsFile, $"using '{usingPath}'\n\n{parameters}\n");

        var snapshotFile = await compiler.SnapshotAsync(paramsFile, DeploymentScope.Test);
        return new DeploymentSnapshot(JsonNode.Parse(await File.ReadAllTextAsync(snapshotFile))!.AsObject());
    }

    [GeneratedRegex(@"^using\s+'[^']*'", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}

/// <summary>Shares one <see cref="CompiledInfrastructure"/> between every test class.</summary>
[CollectionDefinition(Name)]
public sealed class CompiledInfrastructureDefinition : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "Compiled infrastructure";
}
