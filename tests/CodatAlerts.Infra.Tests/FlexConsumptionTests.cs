using System.Text.Json.Nodes;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests;

/// <summary>What the Flex Consumption resource provider refuses must never reach it: one such property fails the deploy.</summary>
[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class FlexConsumptionTests(CompiledInfrastructure infrastructure)
{
    /// <summary>
    /// Site configuration properties Flex Consumption refuses or has moved to <c>functionAppConfig</c>. Sources:
    /// "Flex Consumption plan deprecations",
    /// https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations ;
    /// ARM's BadRequest "The following list of 4 site configuration properties (Site.SiteConfig.FtpsState,
    /// Site.SiteConfig.Use32BitWorkerProcess, Site.SiteConfig.NetFrameworkVersion,
    /// Site.SiteConfig.FunctionsRuntimeScaleMonitoringEnabled) for Flex Consumption sites is invalid",
    /// https://github.com/microsoft/azure-pipelines-tasks/issues/21032 ; the same error for LinuxFxVersion,
    /// https://github.com/Azure/terraform-azurerm-avm-res-web-site/pull/345 . Compared case-insensitively.
    /// </summary>
    public static readonly TheoryData<string> RefusedSiteConfigProperties =
    [
        "ftpsState",
        "linuxFxVersion",
        "windowsFxVersion",
        "alwaysOn",
        "use32BitWorkerProcess",
        "netFrameworkVersion",
        "functionAppScaleLimit",
        "functionsRuntimeScaleMonitoringEnabled",
        "javaVersion",
        "javaContainer",
        "javaContainerVersion",
        "nodeVersion",
        "phpVersion",
        "powerShellVersion",
        "pythonVersion",
        "minimumElasticInstanceCount",
        "preWarmedInstanceCount",
    ];

    [Theory]
    [MemberData(nameof(RefusedSiteConfigProperties))]
    public void No_site_configuration_property_that_flex_consumption_refuses_is_set(string property)
    {
        // Arrange: both deployments, and every place a site configuration can travel (the site, or a config/web child).
        var snapshots = new[] { infrastructure.Default, infrastructure.Configured };

        // Act
        var offenders = snapshots
            .SelectMany(snapshot => SiteConfigurations(snapshot))
            .Where(configuration => configuration.Any(entry => string.Equals(entry.Key, property, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        // Assert
        Assert.Empty(offenders);
    }

    private static IEnumerable<JsonObject> SiteConfigurations(DeploymentSnapshot snapshot) =>
        snapshot.OfType(ResourceTypes.Site)
            .Select(site => site["properties"]?["siteConfig"] as JsonObject)
            .Concat(snapshot.OfType(ResourceTypes.SiteConfig)
                .Where(config => DeploymentSnapshot.LeafName(config) == "web")
                .Select(config => config["properties"] as JsonObject))
            .OfType<JsonObject>();
}
