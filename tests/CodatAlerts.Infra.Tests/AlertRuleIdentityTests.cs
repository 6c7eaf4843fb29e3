using System.Text.Json.Nodes;
using CodatAlerts.Infra.Tests.Compilation;

namespace CodatAlerts.Infra.Tests;

/// <summary>
/// The alert rules query Application Insights as their own user-assigned identity with read-only roles, never as
/// whoever last deployed them (a rule whose queries keep failing is disabled by Azure).
/// </summary>
[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class AlertRuleIdentityTests(CompiledInfrastructure infrastructure)
{
    // Built-in role definition IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
    private const string MonitoringReader = "43d0d8ad-25c7-4714-9337-8ba259a9fe05";
    private const string LogAnalyticsReader = "73c42c96-874c-492b-b04d-ab87d138a893";

    [Fact]
    public void Every_alert_rule_queries_as_the_alert_rule_identity()
    {
        // Arrange
        var snapshot = infrastructure.Default;
        var identityId = (string)snapshot.AlertRuleIdentity["id"]!;

        // Act
        var rules = snapshot.OfType(ResourceTypes.ScheduledQueryRule).ToList();

        // Assert
        Assert.Equal(7, rules.Count);
        Assert.All(rules, rule =>
        {
            var identity = rule["identity"];
            Assert.NotNull(identity);
            Assert.Equal("UserAssigned", (string?)identity["type"]);
            Assert.Equal([identityId], identity["userAssignedIdentities"]!.AsObject().Select(assigned => assigned.Key));
        });
    }

    [Fact]
    public void The_alert_rule_identity_may_read_the_component_and_its_workspace_and_nothing_else()
    {
        // Arrange
        var snapshot = infrastructure.Default;
        var identityId = (string)snapshot.AlertRuleIdentity["id"]!;
        var componentId = (string)snapshot.Single(ResourceTypes.ApplicationInsights)["id"]!;
        var workspaceId = (string)snapshot.Single(ResourceTypes.Workspace)["id"]!;

        // Act
        var assignments = snapshot.OfType(ResourceTypes.RoleAssignment)
            .Where(assignment => (string?)assignment["properties"]!["principalId"] == $"[reference('{identityId}', '2024-11-30').principalId]")
            .Select(assignment => (Role: RoleOf(assignment), Scope: ScopeOf(assignment), Type: (string?)assignment["properties"]!["principalType"]))
            .OrderBy(assignment => assignment.Role);

        // Assert
        Assert.Equal(
            new[] { (MonitoringReader, componentId, (string?)"ServicePrincipal"), (LogAnalyticsReader, workspaceId, "ServicePrincipal") }.OrderBy(assignment => assignment.Item1),
            assignments);
    }

    [Fact]
    public void The_alert_rule_identity_is_not_the_app_identity()
    {
        // Act
        var (app, rules) = ((string?)infrastructure.Default.AppIdentity["id"], (string?)infrastructure.Default.AlertRuleIdentity["id"]);

        // Assert
        Assert.NotEqual(app, rules);
    }

    [Fact]
    public void The_alert_rules_are_created_only_once_their_identity_holds_its_roles()
    {
        // Arrange: main.bicep compiles to symbolic names (language version 2.0).
        var resources = infrastructure.Template["resources"]!.AsObject();

        // Act
        var dependsOn = resources["monitoring"]!["dependsOn"]?.AsArray().Select(dependency => (string?)dependency) ?? [];

        // Assert
        Assert.Contains("alertRuleRoles", dependsOn);
    }

    private static string RoleOf(JsonObject assignment) =>
        ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1];

    // extensionResourceId('<scope>', ...) while the principal ID is known only at deployment time.
    private static string ScopeOf(JsonObject assignment)
    {
        var id = (string)assignment["id"]!;
        const string Extension = "[extensionResourceId('";
        return id.StartsWith(Extension, StringComparison.Ordinal)
            ? id[Extension.Length..id.IndexOf('\'', Extension.Length)]
            : id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)];
    }
}
