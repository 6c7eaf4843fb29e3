using CodatAlerts.Infra.Tests.Compilation;
using CodatAlerts.Queueing;

namespace CodatAlerts.Infra.Tests;

[Collection(CompiledInfrastructureDefinition.Name)]
public sealed class StorageTests(CompiledInfrastructure infrastructure)
{
    [Fact]
    public void The_storage_account_refuses_shared_keys_anonymous_reads_and_old_tls()
    {
        // Arrange
        var account = DeploymentSnapshot.Properties(infrastructure.Default.Single(ResourceTypes.StorageAccount));

        // Act
        var policy = (
            SharedKey: (bool?)account["allowSharedKeyAccess"],
            PublicBlobs: (bool?)account["allowBlobPublicAccess"],
            Tls: (string?)account["minimumTlsVersion"],
            HttpsOnly: (bool?)account["supportsHttpsTrafficOnly"]);

        // Assert
        Assert.Equal((false, false, "TLS1_2", true), policy);
    }

    [Fact]
    public void The_queues_are_the_partition_queues_of_the_code()
    {
        // Arrange
        var queues = infrastructure.Default.OfType(ResourceTypes.Queue);

        // Act
        var names = queues.Select(DeploymentSnapshot.LeafName);

        // Assert
        Assert.Equal([.. AlertPartitions.QueueNames, OperatorOperations], names);
    }

    [Fact]
    public void The_partition_count_defaults_to_the_count_of_the_code()
    {
        // Arrange
        var declaration = infrastructure.Template["parameters"]!["partitionCount"]!;

        // Act
        var counts = ((int)declaration["defaultValue"]!, (int)infrastructure.Parameters["partitionCount"]!["value"]!);

        // Assert
        Assert.Equal((AlertPartitions.Count, AlertPartitions.Count), counts);
    }

    [Fact]
    public void The_containers_the_app_writes_exist_and_are_private()
    {
        // Arrange
        var containers = infrastructure.Default.OfType(ResourceTypes.BlobContainer).ToList();

        // Act
        var names = containers.Select(DeploymentSnapshot.LeafName);

        // Assert
        Assert.Contains(AlertContainers.Bodies, names);
        Assert.Contains(AlertContainers.Records, names);
        Assert.Contains(AlertJourneys, names);
        Assert.Contains(OperatorAudit, names);
        Assert.Contains(OperatorOperations, names);
        Assert.All(containers, container => Assert.Equal("None", (string?)container["properties"]!["publicAccess"]));
    }

    [Fact]
    public void Lifecycle_rules_delete_alert_records_after_the_retention_period_and_claim_check_bodies_no_sooner()
    {
        // Arrange
        var retentionDays = (int)infrastructure.Parameters["retentionDays"]!["value"]!;
        var rules = DeploymentSnapshot.Properties(infrastructure.Default.Single(ResourceTypes.ManagementPolicy))["policy"]!["rules"]!.AsArray();

        // Act
        var deleteAfterDays = rules.ToDictionary(
            rule => (string)Assert.Single(rule!["definition"]!["filters"]!["prefixMatch"]!.AsArray())!,
            rule => (int)rule!["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!);

        // Assert
        Assert.All(rules, rule => Assert.True((bool?)rule!["enabled"]));
        Assert.Equal(
            [$"{AlertContainers.Bodies}/", $"{AlertJourneys}/", $"{AlertContainers.Records}/", $"{OperatorOperations}/"],
            deleteAfterDays.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(retentionDays, deleteAfterDays[$"{AlertContainers.Records}/"]);
        Assert.Equal(retentionDays, deleteAfterDays[$"{AlertJourneys}/"]);
        // A journey is an append blob: a rule for block blobs only would keep it for ever.
        Assert.All(rules, rule => Assert.Contains("appendBlob", rule!["definition"]!["filters"]!["blobTypes"]!.AsArray().Select(type => (string?)type)));
        // A body's queue message never expires; the body must not go first.
        Assert.True(deleteAfterDays[$"{AlertContainers.Bodies}/"] >= 365);
    }

    [Fact]
    public void The_operator_audit_container_keeps_every_blob_immutable_but_open_to_appends()
    {
        // Arrange: a time-based retention policy with protected append writes, as described in
        // https://learn.microsoft.com/azure/storage/blobs/immutable-time-based-retention-policy-overview
        var auditDays = (int)infrastructure.Template["parameters"]!["auditRetentionDays"]!["defaultValue"]!;

        // Act
        var policy = Assert.Single(infrastructure.Default.OfType(ImmutabilityPolicy));

        // Assert
        Assert.EndsWith($"/{OperatorAudit}/default", (string)policy["name"]!, StringComparison.Ordinal);
        Assert.Equal((auditDays, true), ((int?)policy["properties"]!["immutabilityPeriodSinceCreationInDays"], (bool?)policy["properties"]!["allowProtectedAppendWrites"]));
        Assert.True(auditDays >= 365);
    }

    // Names fixed in CONTRACTS.md; the api helper's code writes them.
    private const string AlertJourneys = "alert-journeys";
    private const string OperatorAudit = "operator-audit";
    private const string OperatorOperations = "operator-operations";
    private const string ImmutabilityPolicy = "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies";
}
