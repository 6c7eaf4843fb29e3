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
        Assert.Equal(AlertPartitions.QueueNames, names);
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
        Assert.Equal([$"{AlertContainers.Bodies}/", $"{AlertContainers.Records}/"], deleteAfterDays.Keys.Order());
        Assert.Equal(retentionDays, deleteAfterDays[$"{AlertContainers.Records}/"]);
        // A body's queue message never expires; the body must not go first.
        Assert.True(deleteAfterDays[$"{AlertContainers.Bodies}/"] >= 365);
    }
}
