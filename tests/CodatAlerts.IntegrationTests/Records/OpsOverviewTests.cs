using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Functions;
using CodatAlerts.IntegrationTests.Processing;
using Azure.Storage.Blobs.Specialized;
using CodatAlerts.Journey;
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
    public async Task Duplicates_are_counted_in_the_minute_they_were_absorbed_across_hours_and_only_within_the_window()
    {
        // Arrange: the processor's duplicate lines, 2 at 09:00, 1 at 09:02, 1 at 08:30 (the previous hour's tally),
        // 1 at 08:01 and 1 at 07:59 (before the window), lines and a blob in the tally's folder that are not tallies.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var start = ProcessingHarness.Start;
        foreach (var at in new[] { start.AddSeconds(5), start.AddSeconds(50), start.AddMinutes(2).AddSeconds(10), start.AddMinutes(-30), start.AddMinutes(-59), start.AddMinutes(-61) })
        {
            await harness.Journey.AppendAsync(HostPoisonSweepTests.ClientOn(0), Guid.NewGuid().ToString(), new JourneyEvent { Kind = JourneyEventKinds.Duplicate, At = at, Outcome = "completed" }, default);
        }

        await harness.Journeys.GetBlobClient(DuplicateTally.Prefix + "2026/03/02/notes").UploadAsync(BinaryData.FromString("ab\n"));
        await harness.Journeys.GetAppendBlobClient(DuplicateTally.BlobName(start)).AppendBlockAsync(new MemoryStream("zz\n99\n"u8.ToArray()));
        harness.Processing.Time.Advance(TimeSpan.FromMinutes(3));

        // Act: the last hour, 08:03 to 09:03.
        var (status, json) = await RunAsync(harness.Processing, "?hours=1");

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        var duplicates = json.GetProperty("buckets").EnumerateArray()
            .Where(b => b.GetProperty("duplicate").GetInt32() > 0)
            .Select(b => (b.GetProperty("minute").GetDateTimeOffset(), b.GetProperty("duplicate").GetInt32()));
        Assert.Equal([(start.AddMinutes(-30), 1), (start, 2), (start.AddMinutes(2), 1)], duplicates);
        Assert.Equal(0, harness.Count(JourneyMetrics.WriteFailed));
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
