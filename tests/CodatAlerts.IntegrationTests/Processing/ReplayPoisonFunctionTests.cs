using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;

namespace CodatAlerts.IntegrationTests.Processing;

[Collection("Azurite")]
public sealed class ReplayPoisonFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_endpoint_answers_with_the_json_report_of_the_replay()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = await PoisonOneAlertAsync(harness);
        var request = Request($"https://app.example/api/poison/replay?partition={envelope.Partition}&dryRun=true");

        // Act
        var response = (TestHttpResponseData)await new ReplayPoison(harness.Replayer).Run(request, default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, report.RootElement.GetProperty("matched").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("replayed").GetInt32());
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(envelope.Partition, report.RootElement.GetProperty("perPartition")[0].GetProperty("partition").GetInt32());
    }

    [Fact]
    public async Task A_replay_whose_invocation_is_cancelled_once_messages_moved_still_answers_with_its_report()
    {
        // Arrange: the host cancels the invocation (shutdown, time-out) just after the replay moved the message.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = await PoisonOneAlertAsync(harness);
        using var invocation = new CancellationTokenSource();
        var request = new TestHttpRequestData(FunctionContexts.For(nameof(ReplayPoison)), new MemoryStream(), "POST",
            new Uri($"https://app.example/api/poison/replay?partition={envelope.Partition}&dryRun=false"))
        {
            OnCreateResponse = invocation.Cancel,
        };

        // Act
        var response = (TestHttpResponseData)await new ReplayPoison(harness.Replayer).Run(request, invocation.Token);

        // Assert: the operator sees what moved instead of the host's 500.
        Assert.True(invocation.IsCancellationRequested);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, report.RootElement.GetProperty("replayed").GetInt32());
    }

    [Fact]
    public async Task A_misspelt_filter_is_refused_with_400_before_anything_moves()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var request = Request("https://app.example/api/poison/replay?client=abc&dryRun=false");

        // Act
        var response = (TestHttpResponseData)await new ReplayPoison(harness.Replayer).Run(request, default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("client", JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_failing_midway_answers_503_with_what_moved_and_leaves_the_rest_failed_in_poison()
    {
        // Arrange: failed alerts in partitions 1 and 4; the send to partition 4's queue fails (storage outage).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var moved = await PoisonOneAlertAsync(harness, HostPoisonSweepTests.ClientOn(1));
        var stuck = await PoisonOneAlertAsync(harness, HostPoisonSweepTests.ClientOn(4));
        harness.Faults.FailNext(Azure.Core.RequestMethod.Post, AlertPartitions.QueueName(4));

        // Act
        var response = (TestHttpResponseData)await new ReplayPoison(harness.Replayer).Run(Request("https://app.example/api/poison/replay?dryRun=false"), default);

        // Assert: 503 + Retry-After with the report so far; the record of the one not moved still says failed.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Retry-After", out _));
        using var report = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, report.RootElement.GetProperty("replayed").GetInt32());
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        Assert.False(string.IsNullOrEmpty(report.RootElement.GetProperty("error").GetString()));
        Assert.Equal(AlertRecordState.Released, (await harness.Records.GetAsync(moved.ClientId, moved.DedupKey, default))!.State);
        Assert.Equal(AlertRecordState.Failed, (await harness.Records.GetAsync(stuck.ClientId, stuck.DedupKey, default))!.State);
        Assert.Equal(stuck.DedupKey, Assert.Single(await harness.ReadPoisonAsync()).Envelope!.DedupKey);
    }

    [Theory]
    [InlineData("clientId=")]
    [InlineData("clientId=%20")]
    [InlineData("ruleType=")]
    [InlineData("since=")]
    [InlineData("until=")]
    [InlineData("clientId=x&clientId=y")]
    [InlineData("since=2026-03-02T02:00:00")]
    [InlineData("until=2026-03-02")]
    public async Task An_empty_repeated_or_offsetless_filter_is_refused_with_400_and_nothing_moves(string filter)
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        await PoisonOneAlertAsync(harness);

        // Act
        var response = (TestHttpResponseData)await new ReplayPoison(harness.Replayer).Run(Request($"https://app.example/api/poison/replay?{filter}&dryRun=false"), default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await harness.ReadPoisonAsync());
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
    }

    private static async Task<AlertEnvelope> PoisonOneAlertAsync(ProcessingHarness harness, string client = "cccccccc-3333-4333-8333-333333333333")
    {
        var envelope = TestAlerts.Envelope(client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();
        return envelope;
    }

    private static TestHttpRequestData Request(string url) =>
        new(FunctionContexts.For(nameof(ReplayPoison)), new MemoryStream(), "POST", new Uri(url));
}
