using System.Text.Json;
using CodatAlerts.Functions.Access;
using CodatAlerts.Queueing;

namespace CodatAlerts.IntegrationTests.Build;

/// <summary>
/// The <c>functions.metadata</c> the Worker SDK generated for the Functions app (what the host indexes): one queue
/// trigger for every queue the router can produce, and the HTTP triggers. Fails when the partition count, the
/// trigger attributes and the router drift apart.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonElement[] Functions = Load();

    [Fact]
    public void There_is_exactly_one_queue_trigger_for_every_partition_queue_and_no_other()
    {
        // Arrange: every queue trigger but the background operations' one.
        var triggers = Bindings("queueTrigger").Where(t => t.Function != "RunOperatorOperation").ToList();

        // Act
        var queues = triggers.Select(t => t.Binding.GetProperty("queueName").GetString()).Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(AlertPartitions.QueueNames.Order(StringComparer.Ordinal), queues);
        Assert.Equal(AlertPartitions.Count, triggers.Select(t => t.Function).Distinct().Count());
    }

    [Fact]
    public void Every_partition_queue_is_read_by_the_function_of_its_number_over_the_host_storage_connection()
    {
        // Arrange
        var triggers = Bindings("queueTrigger").ToDictionary(t => t.Binding.GetProperty("queueName").GetString()!, t => t);

        // Act and Assert
        for (var partition = 0; partition < AlertPartitions.Count; partition++)
        {
            var (function, binding) = triggers[AlertPartitions.QueueName(partition)];
            Assert.Equal($"ProcessAlerts{partition:00}", function);
            var connection = binding.TryGetProperty("connection", out var c) ? c.GetString() : null;
            Assert.True(connection is null or "AzureWebJobsStorage", $"{function} reads connection '{connection}'.");
        }
    }

    [Fact]
    public void Background_operations_are_run_from_their_own_queue_over_the_host_storage_connection_as_the_partitions()
    {
        // Arrange and Act
        var (_, binding) = Assert.Single(Bindings("queueTrigger"), t => t.Function == "RunOperatorOperation");

        // Assert: the queue infra creates and the starter sends to; the same connection as the partition triggers.
        Assert.Equal(CodatAlerts.Operations.Background.OperationMessages.QueueName, binding.GetProperty("queueName").GetString());
        var connection = binding.TryGetProperty("connection", out var c) ? c.GetString() : null;
        Assert.True(connection is null or "AzureWebJobsStorage", $"RunOperatorOperation reads connection '{connection}'.");
    }

    [Fact]
    public void Every_queue_the_router_can_produce_has_a_trigger()
    {
        // Arrange
        var triggered = Bindings("queueTrigger").Select(t => t.Binding.GetProperty("queueName").GetString()).ToHashSet(StringComparer.Ordinal);

        // Act
        var routed = Enumerable.Range(0, 5_000)
            .Select(i => AlertPartitions.QueueName(PartitionRouter.HashPartition(Guid.NewGuid().ToString())))
            .Distinct()
            .ToList();

        // Assert
        Assert.Equal(AlertPartitions.Count, routed.Count);
        Assert.All(routed, queue => Assert.Contains(queue, triggered));
    }

    [Theory]
    [InlineData("ReplayPoison", "poison/replay", "post")]
    [InlineData("GetAlertRecord", "records/{clientId}/{dedupKey}", "get")]
    [InlineData("ListAlertRecords", "records", "get")]
    [InlineData("RerunAlert", "records/{clientId}/{dedupKey}/rerun", "post")]
    [InlineData("GetOperatorSelf", "ops/me", "get")]
    [InlineData("GetAlertBody", "records/{clientId}/{dedupKey}/body", "get")]
    [InlineData("GetAlertJourney", "records/{clientId}/{dedupKey}/journey", "get")]
    [InlineData("GetAuditTrail", "audit", "get")]
    [InlineData("ListPoison", "poison", "get")]
    [InlineData("ClosePoison", "poison/close", "post")]
    [InlineData("GetOpsOverview", "ops/overview", "get")]
    [InlineData("StartRerunOperation", "operations/rerun", "post")]
    [InlineData("GetOperation", "operations/{id}", "get")]
    public void The_operator_endpoints_are_anonymous_at_the_host_outside_the_reserved_admin_prefix(string function, string route, string method)
    {
        // Arrange and Act: the app's operator access check admits the caller (docs/operations.md, Operator access).
        var (_, binding) = Assert.Single(Bindings("httpTrigger"), t => t.Function == function);

        // Assert
        Assert.Equal("Anonymous", binding.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(route, binding.GetProperty("route").GetString());
        Assert.Equal([method], binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Every_http_trigger_the_host_indexes_is_an_operator_endpoint_unless_listed_public()
    {
        // Arrange and Act: the names the middleware lets through unchecked, against what the host will serve.
        var http = Bindings("httpTrigger").Select(t => t.Function).ToList();
        var open = http.Where(OperatorEndpoints.Public.Contains);

        // Assert: only the intake today (the console's shell joins it when it lands); everything else is checked.
        Assert.Equal(["ReceiveAlert"], open.Where(f => f != "ServeConsole"));
        Assert.True(http.Count > 1);
    }

    [Fact]
    public void The_intake_is_an_anonymous_http_post_on_alerts()
    {
        // Arrange and Act
        var (_, binding) = Assert.Single(Bindings("httpTrigger"), t => t.Function == "ReceiveAlert");

        // Assert
        Assert.Equal("Anonymous", binding.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("alerts", binding.GetProperty("route").GetString());
    }

    private static IEnumerable<(string Function, JsonElement Binding)> Bindings(string type) =>
        from function in Functions
        from binding in function.GetProperty("bindings").EnumerateArray()
        where binding.GetProperty("type").GetString() == type
        select (function.GetProperty("name").GetString()!, binding);

    private static JsonElement[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(f => f.Clone())];
    }
}
