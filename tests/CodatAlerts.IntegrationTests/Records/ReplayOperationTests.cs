using System.Net;
using System.Text.Json;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Journey;
using CodatAlerts.Operations.Background;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>
/// "Move last night's poison back" — <c>POST /api/poison/replay</c> on Azurite: a dry run at once (query string or JSON
/// body), a replay as an audited background operation whose status lists what moved, each with a journey line.
/// </summary>
[Collection("Azurite")]
public sealed class ReplayOperationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_query_string_dry_run_answers_the_json_report_with_the_alerts_it_would_move()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var envelope = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(3));

        // Act
        var response = await ReplayAsync(harness, $"?partition={envelope.Partition}&dryRun=true", body: null, key: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, report.RootElement.GetProperty("matched").GetInt32());
        Assert.Equal(1, report.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("replayed").GetInt32());
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(envelope.DedupKey, Assert.Single(report.RootElement.GetProperty("alerts").EnumerateArray()).GetProperty("dedupKey").GetString());
        Assert.Single(await harness.Processing.ReadPoisonAsync());
    }

    [Fact]
    public async Task A_json_body_dry_run_counts_as_the_console_asks_and_moves_nothing()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var chosen = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(1));
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(5));

        // Act
        var response = await ReplayAsync(harness, string.Empty, $$"""{"partition":1,"dryRun":true}""", key: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, report.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(chosen.DedupKey, Assert.Single(report.RootElement.GetProperty("alerts").EnumerateArray()).GetProperty("dedupKey").GetString());
        Assert.Equal(2, (await harness.Processing.ReadPoisonAsync()).Count);
        Assert.Equal(0, await harness.CountStatusBlobsAsync());
    }

    [Fact]
    public async Task A_replay_is_a_background_operation_whose_status_lists_what_moved_each_with_a_replayed_journey_line()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var first = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(2));
        var second = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(6));

        // Act
        var started = await ReplayAsync(harness, string.Empty, """{"dryRun":false}""", "replay-1");
        var queuedPoison = (await harness.Processing.ReadPoisonAsync()).Count;
        Assert.Null(await harness.DeliverAsync());

        // Assert: nothing moved before the runner; then both, once each, with who and which operation.
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = OperatorOperationsTests.OperationId(started);
        Assert.Equal(["/api/operations/" + id], started.Headers.GetValues("Location"));
        Assert.Equal(2, queuedPoison);
        var status = await harness.StatusAsync(id);
        Assert.Equal((OperationStates.Succeeded, 2), (status.Status, status.Counts["replayed"]));
        Assert.Equal(new[] { first.DedupKey, second.DedupKey }.Order(StringComparer.Ordinal), status.Alerts.Select(a => a.DedupKey).Order(StringComparer.Ordinal));
        Assert.Empty(await harness.Processing.ReadPoisonAsync());
        Assert.Equal(2, await harness.Processing.CountPartitionMessagesAsync());
        foreach (var alert in new[] { first, second })
        {
            var replayed = Assert.Single(harness.Processing.Journey.Of(alert.DedupKey), e => e.Kind == JourneyEventKinds.Replayed);
            Assert.Equal((RecordsHarness.Operator.Name, id), (replayed.Actor, replayed.OperationId));
        }

        Assert.Contains(await OperatorOperationsTests.AuditAsync(harness), e => e.OperationId == id && e.Action == OperationKinds.Replay && e.Result == "requested");
    }

    [Fact]
    public async Task Storage_failing_midway_keeps_what_moved_and_the_redelivered_message_moves_the_rest_once()
    {
        // Arrange: the send to partition 4's queue fails once (storage outage).
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var moved = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(1));
        var stuck = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(4));
        var id = OperatorOperationsTests.OperationId(await ReplayAsync(harness, "?dryRun=false", body: null, "replay-2"));
        harness.Processing.Faults.FailNext(Azure.Core.RequestMethod.Post, AlertPartitions.QueueName(4));

        // Act
        var crash = await harness.DeliverAsync();
        var afterCrash = await harness.StatusAsync(id);
        harness.Processing.Time.Advance(OperatorOperationRunner.Lease + TimeSpan.FromSeconds(1));
        var resumed = await harness.DeliverAsync();

        // Assert: the first run kept what moved; the second moved the rest; each alert is on its queue once.
        Assert.IsType<CodatAlerts.Replay.ReplayInterruptedException>(crash);
        Assert.Equal(1, afterCrash.Counts["replayed"]);
        Assert.Equal(moved.DedupKey, Assert.Single(afterCrash.Alerts).DedupKey);
        Assert.Null(resumed);
        var status = await harness.StatusAsync(id);
        Assert.Equal((OperationStates.Succeeded, 2, 2), (status.Status, status.Counts["replayed"], status.Runs));
        Assert.Empty(await harness.Processing.ReadPoisonAsync());
        Assert.Equal(2, await harness.Processing.CountPartitionMessagesAsync());
        Assert.Equal(AlertRecordState.Released, (await harness.Processing.Records.GetAsync(stuck.ClientId, stuck.DedupKey, default))!.State);
    }

    [Theory]
    [InlineData("?dryRun=false", """{"dryRun":false}""", "k")]
    [InlineData("?client=abc&dryRun=false", null, "k")]
    [InlineData("?clientId=&dryRun=false", null, "k")]
    [InlineData("?clientId=x&clientId=y&dryRun=false", null, "k")]
    [InlineData("?since=2026-03-02T02:00:00&dryRun=false", null, "k")]
    [InlineData("", """{"clientId":"","dryRun":false}""", "k")]
    [InlineData("", """{"client":"x","dryRun":false}""", "k")]
    [InlineData("", """{"max":0,"dryRun":false}""", "k")]
    [InlineData("", "not json", "k")]
    [InlineData("?dryRun=false", null, null)]
    [InlineData("", """{"dryRun":false}""", null)]
    public async Task Both_forms_an_unreadable_filter_or_a_replay_without_a_key_are_refused_with_400_and_nothing_moves(string query, string? body, string? key)
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(0));

        // Act
        var response = await ReplayAsync(harness, query, body, key);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await harness.Processing.ReadPoisonAsync());
        Assert.Equal(0, await harness.CountWorkMessagesAsync());
        Assert.Equal(0, await harness.CountStatusBlobsAsync());
    }

    [Fact]
    public async Task A_reader_may_count_but_not_replay()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(7));

        // Act
        var response = await ReplayAsync(harness, "?dryRun=false", null, "k", RecordsHarness.ReaderRole);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await harness.CountWorkMessagesAsync());
    }

    private static async Task<AlertEnvelope> PoisonAsync(OperationsHarness harness, string client)
    {
        var envelope = TestAlerts.Envelope(client);
        harness.Processing.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.Records.ProcessAsync(envelope);
        return envelope;
    }

    private static async Task<TestHttpResponseData> ReplayAsync(OperationsHarness harness, string query, string? body, string? key, CodatAlerts.Operators.OperatorIdentity? caller = null)
    {
        var request = RecordsHarness.Request("POST", "https://app.example/api/poison/replay" + query, caller, body);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return (TestHttpResponseData)await harness.Replay.Run(request, default);
    }
}
