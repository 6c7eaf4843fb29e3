using System.Net;
using System.Text.Json;
using Azure.Core;
using Azure.Storage.Blobs;
using CodatAlerts.Functions.Functions;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Journey;
using CodatAlerts.Operations;
using CodatAlerts.Poison;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>POST /api/poison/close on Azurite: dry run, audit first, record completed before the message goes.</summary>
[Collection("Azurite")]
public sealed class PoisonCloseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_dry_run_counts_and_lists_the_matching_alerts_and_changes_nothing()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var chosen = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(1));
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(4));

        // Act
        var response = await RunAsync(Closer(harness), harness.Audit, $$"""{"clientId":"{{chosen.ClientId}}","dryRun":true}""", key: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(chosen.DedupKey, Assert.Single(json.RootElement.GetProperty("alerts").EnumerateArray()).GetProperty("dedupKey").GetString());
        Assert.Equal(AlertRecordState.Failed, (await harness.Processing.Records.GetAsync(chosen.ClientId, chosen.DedupKey, default))!.State);
        Assert.Equal(2, await VisiblePoisonAsync(harness)); // Received to be read, made visible again at once.
        Assert.Empty(await AuditAsync(harness));
    }

    [Fact]
    public async Task A_close_completes_the_record_as_closed_deletes_the_message_and_a_later_copy_is_absorbed_without_running()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(2));
        var attempts = harness.Processing.Dispatcher.Attempts[envelope.DedupKey];

        // Act
        var response = await RunAsync(Closer(harness), harness.Audit, $$"""{"partition":2,"dryRun":false}""", key: "close-1");

        // Assert: closed, in the record, the queue, the journey and the audit trail.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, json.RootElement.GetProperty("closed").GetInt32());
        var record = (await harness.Processing.Records.GetAsync(envelope.ClientId, envelope.DedupKey, default))!;
        Assert.Equal(AlertRecordState.Completed, record.State);
        Assert.Equal(PoisonCloser.ClosedOutcome, record.Outcome);
        Assert.Equal(0, await StoredPoisonAsync(harness));
        var (_, events) = await harness.JourneyReader.ReadAsync(envelope.ClientId, envelope.DedupKey, default);
        var closed = Assert.Single(events, e => e.Kind == JourneyEventKinds.PoisonClosed);
        Assert.Equal(RecordsHarness.Operator.Name, closed.Actor);
        Assert.Equal("close-1", closed.OperationId);
        Assert.Equal(["requested", "closed 1 of 1"], (await AuditAsync(harness)).Select(e => e.Result).Order(StringComparer.Ordinal).Reverse());

        // A copy of the alert arriving later (a replay, a re-send) meets the completed record: no second run.
        await harness.ProcessAsync(envelope);
        Assert.Equal(attempts, harness.Processing.Dispatcher.Attempts[envelope.DedupKey]);
    }

    [Fact]
    public async Task A_delete_that_fails_leaves_the_message_with_its_record_already_completed_never_the_other_way_round()
    {
        // Arrange: the poison message's delete fails (storage outage).
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(3));
        harness.Processing.Faults.FailNext(RequestMethod.Delete, AlertPartitions.PoisonQueueName(3));

        // Act
        var response = await RunAsync(Closer(harness), harness.Audit, """{"dryRun":false}""", key: "close-2");

        // Assert: 503; the message is still stored, and its alert is already done, so a replay of it would be absorbed.
        Assert.Equal(1, harness.Processing.Faults.Injected);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Retry-After", out _));
        Assert.Equal(1, await StoredPoisonAsync(harness));
        Assert.Equal(AlertRecordState.Completed, (await harness.Processing.Records.GetAsync(envelope.ClientId, envelope.DedupKey, default))!.State);
    }

    [Fact]
    public async Task A_close_that_cannot_be_audited_is_refused_with_503_and_nothing_is_closed()
    {
        // Arrange: the audit's storage is down, the queues' and records' are not.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(5));
        await using var instance = await AzuriteInstance.StartAsync();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var audit = new OperatorAudit(new BlobServiceClient(instance.ConnectionString, options), harness.Processing.Time, NullLogger<OperatorAudit>.Instance);
        await instance.StopAsync();

        // Act
        var response = await RunAsync(Closer(harness), audit, """{"dryRun":false}""", key: "close-3");

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, await VisiblePoisonAsync(harness));
        Assert.Equal(AlertRecordState.Failed, (await harness.Processing.Records.GetAsync(envelope.ClientId, envelope.DedupKey, default))!.State);
    }

    [Theory]
    [InlineData("""{"dryRun":false}""", null)]
    [InlineData("""{"clientId":"","dryRun":false}""", "k")]
    [InlineData("""{"client":"x","dryRun":false}""", "k")]
    [InlineData("""{"partition":8,"dryRun":false}""", "k")]
    [InlineData("""{"since":"2026-03-02T02:00:00","dryRun":false}""", "k")]
    [InlineData("""{"since":"2026-03-02T03:00:00Z","until":"2026-03-02T02:00:00Z","dryRun":false}""", "k")]
    [InlineData("not json", "k")]
    public async Task A_close_without_an_idempotency_key_or_with_a_filter_that_does_not_read_is_refused_with_400(string body, string? key)
    {
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(6));

        var response = await RunAsync(Closer(harness), harness.Audit, body, key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await VisiblePoisonAsync(harness));
    }

    private static PoisonCloser Closer(RecordsHarness harness) =>
        new(harness.Processing.Storage, harness.Journey, harness.Processing.Time, NullLogger<PoisonCloser>.Instance);

    private static async Task<AlertEnvelope> PoisonAsync(RecordsHarness harness, string client)
    {
        var envelope = TestAlerts.Envelope(client);
        harness.Processing.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.ProcessAsync(envelope);
        return envelope;
    }

    private static async Task<TestHttpResponseData> RunAsync(PoisonCloser closer, OperatorAudit audit, string body, string? key)
    {
        var request = RecordsHarness.Request("POST", "https://app.example/api/poison/close", body: body);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return (TestHttpResponseData)await new ClosePoison(closer, audit).Run(request, default);
    }

    private static async Task<int> VisiblePoisonAsync(RecordsHarness harness)
    {
        var total = 0;
        for (var p = 0; p < AlertPartitions.Count; p++)
        {
            total += (await harness.Processing.Storage.Poison.Queue(p).PeekMessagesAsync(32)).Value.Length;
        }

        return total;
    }

    private static async Task<int> StoredPoisonAsync(RecordsHarness harness)
    {
        var total = 0;
        for (var p = 0; p < AlertPartitions.Count; p++)
        {
            total += (await harness.Processing.Storage.Poison.Queue(p).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        return total;
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(RecordsHarness harness)
    {
        var (_, entries) = await harness.Audit.ReadAsync(ProcessingHarness.Start.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), 100, default);
        return entries;
    }
}
