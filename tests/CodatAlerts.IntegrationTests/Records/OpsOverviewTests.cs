using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Functions;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Overview;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>GET /api/ops/overview on Azurite: outcomes per minute from the records, figures per partition from the queues.</summary>
[Collection("Azurite")]
public sealed class OpsOverviewTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_overview_counts_outcomes_per_minute_and_each_partitions_depth_poison_and_oldest_waiting()
    {
        // Arrange: two handled, one poisoned, one parked; one alert waiting unprocessed on partition 5.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var poisoned = TestAlerts.Envelope(HostPoisonSweepTests.ClientOn(1));
        var parked = TestAlerts.Envelope(HostPoisonSweepTests.ClientOn(2));
        harness.Dispatcher.Script(poisoned.DedupKey, DispatchStep.FailPermanently);
        harness.Dispatcher.Script(parked.DedupKey, DispatchStep.Park);
        foreach (var envelope in new[] { TestAlerts.Envelope(HostPoisonSweepTests.ClientOn(0)), TestAlerts.Envelope(HostPoisonSweepTests.ClientOn(0)), poisoned, parked })
        {
            await harness.EnqueueAsync(envelope);
        }

        await harness.Host.RunUntilIdleAsync();
        await harness.EnqueueAsync(TestAlerts.Envelope(HostPoisonSweepTests.ClientOn(5)));

        // Act
        var (status, json) = await RunAsync(harness, "?hours=1");

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        var bucket = Assert.Single(json.GetProperty("buckets").EnumerateArray());
        Assert.Equal(ProcessingHarness.Start, bucket.GetProperty("minute").GetDateTimeOffset());
        Assert.Equal(2, bucket.GetProperty("handled").GetInt32());
        Assert.Equal(1, bucket.GetProperty("poisoned").GetInt32());
        Assert.Equal(1, bucket.GetProperty("parked").GetInt32());
        var partitions = json.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(AlertPartitions.Count, partitions.Count);
        Assert.Equal(1, partitions[1].GetProperty("poison").GetInt32());
        Assert.Equal(1, partitions[5].GetProperty("depth").GetInt32());
        Assert.Equal(JsonValueKind.Number, partitions[5].GetProperty("oldestAgeSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, partitions[0].GetProperty("oldestAgeSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("oldestUnprocessedAgeSeconds").ValueKind);
        Assert.True(json.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task A_queue_never_created_counts_zero_instead_of_failing()
    {
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        await harness.Storage.Poison.Queue(7).DeleteIfExistsAsync();
        try
        {
            var (status, json) = await RunAsync(harness, "");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(0, json.GetProperty("partitions")[7].GetProperty("poison").GetInt32());
        }
        finally
        {
            await harness.Storage.Poison.Queue(7).CreateIfNotExistsAsync();
        }
    }

    [Fact]
    public async Task Storage_failing_answers_503_instead_of_500()
    {
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        harness.Faults.FailNext(Azure.Core.RequestMethod.Get, AlertPartitions.QueueName(3));
        await harness.EnqueueAsync(TestAlerts.Envelope(HostPoisonSweepTests.ClientOn(3))); // So the peek for its age is made.

        var (status, _) = await RunAsync(harness, "");

        Assert.Equal(1, harness.Faults.Injected);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Theory]
    [InlineData("?hours=25")]
    [InlineData("?hours=0")]
    [InlineData("?hours=")]
    [InlineData("?window=6")]
    public async Task A_window_out_of_range_is_refused_with_400(string query)
    {
        await using var harness = await ProcessingHarness.CreateAsync(azurite);

        var (status, _) = await RunAsync(harness, query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> RunAsync(ProcessingHarness harness, string query)
    {
        var reader = new OverviewReader(harness.Storage, harness.Time, NullLogger<OverviewReader>.Instance);
        var request = new TestHttpRequestData(FunctionContexts.For(nameof(GetOpsOverview)), new MemoryStream(), "GET", new Uri("https://app.example/api/ops/overview" + query));
        var response = (TestHttpResponseData)await new GetOpsOverview(reader).Run(request, default);
        return (response.StatusCode, JsonDocument.Parse(response.ReadBody()).RootElement.Clone());
    }
}
