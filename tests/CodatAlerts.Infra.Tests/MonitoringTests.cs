using System.Text.Json.Nodes;
using CodatAlerts.Infra.Tests.Compilation;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;

namespace CodatAlerts.Infra.Tests;

[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class MonitoringTests(CompiledInfrastructure infrastructure)
{
    // The queries are checked for the code's instrument and tag names as KQL writes them: "name", customDimensions["tag"].
    private const string Quote = "\"";
    private const string DimensionOpen = "customDimensions[\"";
    private const string DimensionClose = "\"]";

    [Fact]
    public void Application_insights_and_its_workspace_refuse_local_authentication()
    {
        // Arrange
        var component = DeploymentSnapshot.Properties(infrastructure.Default.Single(ResourceTypes.ApplicationInsights));
        var workspace = DeploymentSnapshot.Properties(infrastructure.Default.Single(ResourceTypes.Workspace));

        // Act
        var localAuthDisabled = ((bool?)component["DisableLocalAuth"], (bool?)workspace["features"]!["disableLocalAuth"]);

        // Assert
        Assert.Equal((true, true), localAuthDisabled);
    }

    [Theory]
    [InlineData("poison", Quote + TelemetryNames.Poisoned + Quote, Quote + TelemetryNames.QueueDepth + Quote, DimensionOpen + TelemetryTags.Queue + DimensionClose, Quote + AlertPartitions.PoisonSuffix + Quote)]
    [InlineData("unavailable", Quote + TelemetryNames.Rejected + Quote, Quote + TelemetryNames.Received + Quote, DimensionOpen + TelemetryTags.StatusCode + DimensionClose, "\"503\"")]
    [InlineData("auth-failures", Quote + TelemetryNames.Rejected + Quote, DimensionOpen + TelemetryTags.StatusCode + DimensionClose, "\"401\"", "\"403\"")]
    [InlineData("lag", Quote + TelemetryNames.Lag + Quote, "percentilew(", "95")]
    [InlineData("sweep-incomplete", "\"codat.alerts.sweep_incomplete\"", "sum(value)")]
    [InlineData("silent", Quote + TelemetryNames.QueueDepth + Quote, "summarize Samples = count()")]
    public void An_alert_rule_watches_the_metric_and_notifies_the_action_group(string rule, params string[] queryTerms)
    {
        // Arrange
        var snapshot = infrastructure.Default;
        var componentId = (string)snapshot.Single(ResourceTypes.ApplicationInsights)["id"]!;
        var actionGroupId = (string)snapshot.Single(ResourceTypes.ActionGroup)["id"]!;

        // Act
        var properties = Assert.Single(
            snapshot.OfType(ResourceTypes.ScheduledQueryRule),
            candidate => DeploymentSnapshot.LeafName(candidate).EndsWith($"-{rule}", StringComparison.Ordinal))["properties"]!;
        var query = (string)properties["criteria"]!["allOf"]![0]!["query"]!;

        // Assert
        Assert.True((bool?)properties["enabled"]);
        Assert.Equal([componentId], properties["scopes"]!.AsArray().Select(scope => (string?)scope));
        Assert.Equal([actionGroupId], properties["actions"]!["actionGroups"]!.AsArray().Select(group => (string?)group));
        Assert.StartsWith("customMetrics", QueryWithoutComments(query), StringComparison.Ordinal);
        Assert.All(queryTerms, term => Assert.Contains(term, query, StringComparison.Ordinal));
    }

    [Fact]
    public void The_action_group_mails_the_configured_address()
    {
        // Arrange
        var actionGroup = DeploymentSnapshot.Properties(infrastructure.Configured.Single(ResourceTypes.ActionGroup));

        // Act
        var receiver = Assert.Single(actionGroup["emailReceivers"]!.AsArray())!;

        // Assert
        Assert.Equal(ConfiguredDeployment.AlertEmail, (string?)receiver["emailAddress"]);
    }

    [Fact]
    public void The_workbook_belongs_to_application_insights()
    {
        // Arrange
        var componentId = (string)infrastructure.Default.Single(ResourceTypes.ApplicationInsights)["id"]!;

        // Act
        var workbook = infrastructure.Default.Single(ResourceTypes.Workbook);

        // Assert
        Assert.Equal("shared", (string?)workbook["kind"]);
        Assert.Equal(componentId, (string?)workbook["properties"]!["sourceId"]);
        Assert.True(Guid.TryParse(DeploymentSnapshot.LeafName(workbook), out _), "A workbook's name must be a GUID.");
    }

    [Theory]
    [InlineData("throughput", Quote + TelemetryNames.Received + Quote, Quote + TelemetryNames.Accepted + Quote, Quote + TelemetryNames.Processed + Quote)]
    [InlineData("rejects-by-reason", Quote + TelemetryNames.Rejected + Quote, DimensionOpen + TelemetryTags.RejectReason + DimensionClose, DimensionOpen + TelemetryTags.StatusCode + DimensionClose)]
    [InlineData("lag-percentiles", Quote + TelemetryNames.Lag + Quote, "percentilew(", "95", "99")]
    [InlineData("per-client", DimensionOpen + TelemetryTags.ClientId + DimensionClose, Quote + TelemetryNames.Received + Quote, Quote + TelemetryNames.Lag + Quote)]
    [InlineData("poison-count", Quote + TelemetryNames.Poisoned + Quote, Quote + TelemetryNames.QueueDepth + Quote, Quote + AlertPartitions.PoisonSuffix + Quote)]
    public void The_workbook_has_a_query_over_the_app_metrics(string item, params string[] queryTerms)
    {
        // Arrange
        var content = JsonNode.Parse((string)infrastructure.Default.Single(ResourceTypes.Workbook)["properties"]!["serializedData"]!)!;

        // Act
        var queryItem = Assert.Single(content["items"]!.AsArray(), candidate => (string?)candidate!["name"] == item)!;
        var query = (string)queryItem["content"]!["query"]!;

        // Assert
        Assert.Equal(3, (int?)queryItem["type"]);
        Assert.Equal("TimeRange", (string?)queryItem["content"]!["timeContextFromParameter"]);
        Assert.All(queryTerms, term => Assert.Contains(term, query, StringComparison.Ordinal));
    }

    [Fact]
    public void The_silent_rule_fires_when_the_heartbeat_metric_is_absent_for_15_minutes()
    {
        // Arrange: SampleQueueDepth reports codat.queue.depth every minute; a host that never starts reports nothing.
        var properties = Rule(infrastructure.Default, "silent");

        // Act
        var criterion = properties["criteria"]!["allOf"]![0]!;

        // Assert
        Assert.Equal("PT15M", (string?)properties["windowSize"]);
        Assert.Equal(("Samples", "LessThan", 1), ((string?)criterion["metricMeasureColumn"], (string?)criterion["operator"], (int?)criterion["threshold"]));
        Assert.Equal(1, (int?)properties["severity"]);
    }

    [Fact]
    public void The_workspace_has_a_daily_cap_from_the_parameters_and_a_rule_fires_when_it_is_reached()
    {
        // Arrange
        var snapshot = infrastructure.Default;
        var workspace = snapshot.Single(ResourceTypes.Workspace);
        var capGb = (int)infrastructure.Parameters["logDailyCapGb"]!["value"]!;

        // Act
        var properties = Rule(snapshot, "daily-cap");
        var query = (string)properties["criteria"]!["allOf"]![0]!["query"]!;

        // Assert
        Assert.Equal(capGb, (double?)workspace["properties"]!["workspaceCapping"]!["dailyQuotaGb"]);
        Assert.InRange(capGb, 1, 10);
        Assert.Equal([(string?)workspace["id"]], properties["scopes"]!.AsArray().Select(scope => (string?)scope));
        Assert.StartsWith("_LogOperation", QueryWithoutComments(query), StringComparison.Ordinal);
        Assert.Contains("OverQuota", query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.KeyVault/vaults", "audit")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices", "StorageWrite", "StorageDelete")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices", "StorageWrite", "StorageDelete")]
    [InlineData("Microsoft.Web/sites", "FunctionAppLogs")]
    public void Diagnostic_settings_send_the_logs_to_the_workspace(string scopeType, params string[] categories)
    {
        // Arrange
        var snapshot = infrastructure.Default;
        var workspaceId = (string)snapshot.Single(ResourceTypes.Workspace)["id"]!;
        var scopeIds = snapshot.OfType(scopeType).Select(resource => (string)resource["id"]!).ToList();

        // Act
        var setting = Assert.Single(
            snapshot.OfType("Microsoft.Insights/diagnosticSettings"),
            candidate => scopeIds.Any(scopeId => ((string)candidate["id"]!).StartsWith(scopeId + "/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.OrdinalIgnoreCase)));
        var logs = setting["properties"]!["logs"]!.AsArray();

        // Assert
        Assert.Equal(workspaceId, (string?)setting["properties"]!["workspaceId"]);
        Assert.Equal(categories.Order(), logs.Select(log => (string?)log!["category"] ?? (string?)log["categoryGroup"]).Order());
        Assert.All(logs, log => Assert.True((bool?)log!["enabled"]));
    }

    private static JsonNode Rule(DeploymentSnapshot snapshot, string suffix) =>
        Assert.Single(
            snapshot.OfType(ResourceTypes.ScheduledQueryRule),
            candidate => DeploymentSnapshot.LeafName(candidate).EndsWith($"-{suffix}", StringComparison.Ordinal))["properties"]!;

    private static string QueryWithoutComments(string query) =>
        string.Join('\n', query.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))).Trim();
}
