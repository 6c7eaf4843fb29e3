using CodatAlerts.Intake;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Tests.Queueing;

public sealed class PartitionRouterTests
{
    // A fixed table, computed independently (FNV-1a 32 over the lower-case UTF-8 client ID, modulo 8). Any change to
    // the hash moves clients between queues mid-flight, so it must break this test.
    [Theory]
    [InlineData("bae71d36-ff47-420a-b4a6-f8c9ddf41140", 1805245103u, 7)]
    [InlineData("30e0f9d2-52c0-4c9f-a806-bcd98a3bcd7e", 3267383074u, 2)]
    [InlineData("00000000-0000-0000-0000-000000000000", 3192360657u, 1)]
    [InlineData("6d7c6b9b-637e-4cd9-82e3-679cdf087d58", 389884392u, 0)]
    [InlineData("8a210b68-6988-11ed-a1eb-0242ac120002", 920116973u, 5)]
    [InlineData("2e9d2c44-f675-40ba-8049-353bfcb5e171", 2686242947u, 3)]
    [InlineData("client-b", 1844981681u, 1)]
    [InlineData("", 2166136261u, 5)]
    public void Route_maps_a_client_to_a_fixed_partition(string clientId, uint expectedHash, int expectedPartition)
    {
        // Arrange
        var router = Router();

        // Act
        var partition = router.Route(clientId);

        // Assert
        Assert.Equal(expectedHash, StableHash.Fnv1a32(clientId));
        Assert.Equal(expectedPartition, partition);
    }

    [Fact]
    public void Route_ignores_the_case_and_surrounding_space_of_the_client_id()
    {
        // Arrange
        var router = Router();

        // Act
        var upper = router.Route(" BAE71D36-FF47-420A-B4A6-F8C9DDF41140 ");

        // Assert
        Assert.Equal(7, upper);
    }

    [Fact]
    public void Route_uses_the_pinned_partition_of_a_configured_client()
    {
        // Arrange
        var options = new IntakeOptions();
        options.Clients.Add(new ClientCredentialsOptions { ClientId = "BAE71D36-ff47-420a-b4a6-f8c9ddf41140", Partition = 2 });
        var router = new PartitionRouter(Options.Create(options));

        // Act
        var pinned = router.Route("bae71d36-ff47-420a-b4a6-f8c9ddf41140");
        var other = router.Route("30e0f9d2-52c0-4c9f-a806-bcd98a3bcd7e");

        // Assert
        Assert.Equal(2, pinned);
        Assert.Equal(2, other);
    }

    [Fact]
    public void Route_spreads_many_clients_over_every_partition()
    {
        // Arrange
        var router = Router();
        var clients = Enumerable.Range(0, 4_000).Select(i => new Guid(i, 7, 7, [1, 2, 3, 4, 5, 6, 7, 8]).ToString());

        // Act
        var counts = clients.GroupBy(router.Route).ToDictionary(g => g.Key, g => g.Count());

        // Assert: every partition used, none with more than twice its fair share.
        Assert.Equal(AlertPartitions.Count, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 250, 1_000));
    }

    [Fact]
    public void Queue_names_are_the_constants_the_triggers_bind()
    {
        // Arrange
        string[] constants =
        [
            AlertPartitions.Queue00, AlertPartitions.Queue01, AlertPartitions.Queue02, AlertPartitions.Queue03,
            AlertPartitions.Queue04, AlertPartitions.Queue05, AlertPartitions.Queue06, AlertPartitions.Queue07,
        ];

        // Act
        var names = AlertPartitions.QueueNames;

        // Assert
        Assert.Equal(constants, names);
        Assert.Equal("codat-alerts-03-poison", AlertPartitions.PoisonQueueName(3));
        Assert.All(names, name => Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$", name));
    }

    private static PartitionRouter Router() => new(Options.Create(new IntakeOptions()));
}
