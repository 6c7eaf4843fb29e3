using System.Text.Json.Nodes;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests;

[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class RoleAssignmentTests(CompiledInfrastructure infrastructure)
{
    // Built-in role definition IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    [Theory]
    [InlineData(StorageBlobDataOwner, ResourceTypes.StorageAccount)]
    [InlineData(StorageQueueDataContributor, ResourceTypes.StorageAccount)]
    [InlineData(MonitoringMetricsPublisher, ResourceTypes.ApplicationInsights)]
    [InlineData(KeyVaultSecretsUser, ResourceTypes.KeyVault)]
    public void The_app_identity_holds_the_role_on_its_resource(string roleId, string scopeType)
    {
        // Arrange
        var snapshot = infrastructure.Default;
        var identityId = (string)snapshot.AppIdentity["id"]!;
        var scopeId = (string)snapshot.Single(scopeType)["id"]!;

        // Act
        var assignment = Assert.Single(
            snapshot.OfType(ResourceTypes.RoleAssignment),
            assignment => RoleOf(assignment) == roleId && PrincipalOf(assignment) == $"[reference('{identityId}', '2024-11-30').principalId]");

        // Assert
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        Assert.Equal(scopeId, ScopeOf(assignment));
        Assert.StartsWith($"[guid('{scopeId}', ", (string)assignment["name"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deploying_user_may_set_the_codat_secrets_and_gets_no_data_role_unless_asked()
    {
        // Act
        var roles = RolesOf(infrastructure.Configured, ConfiguredDeployment.PrincipalId, "User");

        // Assert: no storage (alert bodies) and no telemetry role by default.
        Assert.Equal([KeyVaultSecretsOfficer], roles);
    }

    [Fact]
    public void The_deploying_user_gets_the_data_roles_when_developer_data_access_is_on()
    {
        // Act
        var roles = RolesOf(infrastructure.DeveloperAccess, ConfiguredDeployment.PrincipalId, "User");

        // Assert
        Assert.Equal(new[] { StorageBlobDataOwner, StorageQueueDataContributor, MonitoringMetricsPublisher, KeyVaultSecretsOfficer }.Order(), roles);
    }

    [Fact]
    public void A_deploying_service_principal_gets_no_role_by_default()
    {
        // Act
        var assignments = infrastructure.ContinuousIntegration.OfType(ResourceTypes.RoleAssignment)
            .Where(assignment => PrincipalOf(assignment) == ConfiguredDeployment.PrincipalId);

        // Assert
        Assert.Empty(assignments);
    }

    [Fact]
    public void Without_a_deploying_user_only_the_app_identity_gets_roles()
    {
        // Arrange
        var assignments = infrastructure.Default.OfType(ResourceTypes.RoleAssignment);

        // Act
        var principalTypes = assignments.Select(assignment => (string?)assignment["properties"]!["principalType"]).Distinct();

        // Assert
        Assert.Equal(["ServicePrincipal"], principalTypes);
    }

    private static IEnumerable<string> RolesOf(DeploymentSnapshot snapshot, string principalId, string principalType)
    {
        var assignments = snapshot.OfType(ResourceTypes.RoleAssignment).Where(assignment => PrincipalOf(assignment) == principalId).ToList();
        Assert.All(assignments, assignment => Assert.Equal(principalType, (string?)assignment["properties"]!["principalType"]));
        Assert.All(assignments, assignment => Assert.True(Guid.TryParse((string)assignment["name"]!, out _)));
        return assignments.Select(RoleOf).Order();
    }

    private static string RoleOf(JsonObject assignment) =>
        ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1];

    private static string PrincipalOf(JsonObject assignment) => (string)assignment["properties"]!["principalId"]!;

    // The id is a plain resource ID when the name is known, or extensionResourceId('<scope>', ...) when it depends on
    // the identity's principal ID.
    private static string ScopeOf(JsonObject assignment)
    {
        var id = (string)assignment["id"]!;
        const string Extension = "[extensionResourceId('";
        return id.StartsWith(Extension, StringComparison.Ordinal)
            ? id[Extension.Length..id.IndexOf('\'', Extension.Length)]
            : id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)];
    }
}
