using System.Text.Json.Nodes;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests;

[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class FunctionAppTests(CompiledInfrastructure infrastructure)
{
    [Fact]
    public void The_app_answers_only_https_with_tls_12_and_offers_no_ftp_or_basic_publishing()
    {
        // Arrange
        var site = Site(infrastructure.Default);
        var policies = infrastructure.Default.OfType(ResourceTypes.PublishingCredentialsPolicy).ToList();

        // Act
        var transport = ((bool?)site["properties"]!["httpsOnly"], (string?)site["properties"]!["siteConfig"]!["minTlsVersion"]);

        // Assert
        Assert.Equal((true, "1.2"), transport);
        Assert.Equal(["ftp", "scm"], policies.Select(DeploymentSnapshot.LeafName).Order());
        Assert.All(policies, policy => Assert.False((bool?)policy["properties"]!["allow"]));
    }

    [Fact]
    public void The_app_runs_dotnet_isolated_10_on_a_flex_consumption_plan()
    {
        // Arrange
        var plan = infrastructure.Default.Single(ResourceTypes.Plan);
        var site = Site(infrastructure.Default);

        // Act
        var runtime = FunctionAppConfig(site)["runtime"]!;

        // Assert
        Assert.Equal(("FC1", "FlexConsumption"), ((string?)plan["sku"]!["name"], (string?)plan["sku"]!["tier"]));
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal(("dotnet-isolated", "10.0"), ((string?)runtime["name"], (string?)runtime["version"]));
    }

    [Fact]
    public void One_instance_of_the_http_scale_group_is_always_ready()
    {
        // Arrange
        var scale = FunctionAppConfig(Site(infrastructure.Default))["scaleAndConcurrency"]!;

        // Act
        var alwaysReady = Assert.Single(scale["alwaysReady"]!.AsArray())!;

        // Assert
        Assert.Equal(("http", 1), ((string?)alwaysReady["name"], (int?)alwaysReady["instanceCount"]));
    }

    [Fact]
    public void Instance_memory_and_maximum_instances_come_from_the_parameters()
    {
        // Arrange
        var parameters = infrastructure.Parameters;
        var scale = FunctionAppConfig(Site(infrastructure.Default))["scaleAndConcurrency"]!;

        // Act
        var sizing = ((int?)scale["instanceMemoryMB"], (int?)scale["maximumInstanceCount"]);

        // Assert
        Assert.Equal(((int?)parameters["instanceMemoryMB"]!["value"], (int?)parameters["maximumInstanceCount"]!["value"]), sizing);
    }

    [Fact]
    public void The_deployment_package_container_is_read_with_the_user_assigned_identity()
    {
        // Arrange
        var identityId = (string)infrastructure.Default.AppIdentity["id"]!;
        var storage = FunctionAppConfig(Site(infrastructure.Default))["deployment"]!["storage"]!;

        // Act
        var authentication = storage["authentication"]!;

        // Assert
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal(("UserAssignedIdentity", identityId), ((string?)authentication["type"], (string?)authentication["userAssignedIdentityResourceId"]));
    }

    [Fact]
    public void The_app_runs_as_the_user_assigned_identity_and_resolves_key_vault_references_with_it()
    {
        // Arrange
        var identityId = (string)infrastructure.Default.AppIdentity["id"]!;
        var site = Site(infrastructure.Default);

        // Act
        var identities = site["identity"]!["userAssignedIdentities"]!.AsObject().Select(identity => identity.Key);

        // Assert
        Assert.Equal([identityId], identities);
        Assert.Equal(identityId, (string?)site["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void Every_source_may_call_when_no_address_is_listed()
    {
        // Arrange
        var siteConfig = Site(infrastructure.Default)["properties"]!["siteConfig"]!;

        // Act
        var rules = siteConfig["ipSecurityRestrictions"]!.AsArray();

        // Assert
        Assert.Empty(rules);
        Assert.Equal("Allow", (string?)siteConfig["ipSecurityRestrictionsDefaultAction"]);
    }

    [Fact]
    public void Only_the_listed_sources_may_call_when_addresses_are_listed()
    {
        // Arrange
        var siteConfig = Site(infrastructure.Configured)["properties"]!["siteConfig"]!;

        // Act
        var rules = siteConfig["ipSecurityRestrictions"]!.AsArray().Select(rule => ((string?)rule!["ipAddress"], (string?)rule["action"]));

        // Assert
        Assert.Equal(ConfiguredDeployment.CodatSourceIps.Select(ip => ((string?)ip, (string?)"Allow")), rules);
        Assert.Equal("Deny", (string?)siteConfig["ipSecurityRestrictionsDefaultAction"]);
    }

    [Fact]
    public void The_app_carries_the_tag_azd_deploys_the_api_service_to()
    {
        // Arrange
        var azureYaml = File.ReadAllText(Path.Combine(Repository.Root, "azure.yaml"));

        // Act
        var serviceName = (string?)Site(infrastructure.Default)["tags"]!["azd-service-name"];

        // Assert
        Assert.Equal("api", serviceName);
        Assert.Contains("\n  api:\n", azureYaml, StringComparison.Ordinal);
    }

    private static JsonObject Site(DeploymentSnapshot snapshot) => snapshot.Single(ResourceTypes.Site);

    private static JsonNode FunctionAppConfig(JsonObject site) => site["properties"]!["functionAppConfig"]!;
}
