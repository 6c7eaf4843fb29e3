using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Journey;
using CodatAlerts.Operations;
using CodatAlerts.Operations.Background;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>
/// "Run every alert of client X between 02:00 and 03:00 again" — <c>POST /api/operations/rerun</c>, its runner and
/// <c>GET /api/operations/{id}</c> on Azurite: idempotent under retry, audited before anything exists, resumable.
/// </summary>
[Collection("Azurite")]
public sealed class OperatorOperationsTests(AzuriteFixture azurite)
{
    private const string Window = """ "since":"2026-03-02T08:00:00Z","until":"2026-03-02T10:00:00Z" """;

    [Fact]
    public async Task A_dry_run_counts_and_lists_the_alerts_and_starts_nothing()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var alerts = await CompletedAsync(harness, 3);

        // Act
        var response = await StartAsync(harness, $$"""{ {{Window}}, "dryRun":true}""", key: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(3, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(alerts.Select(a => a.DedupKey).Order(StringComparer.Ordinal), json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("dedupKey").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(0, await harness.CountStatusBlobsAsync());
        Assert.Empty(await harness.RequestedAsync());
        Assert.Empty(harness.Enqueuer.Sent);
    }

    [Fact]
    public async Task A_retried_confirmation_finds_the_same_operation_one_status_blob_one_message_one_audit_entry()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await CompletedAsync(harness, 2);
        var body = $$"""{"clientId":"{{Client}}", {{Window}}, "dryRun":false}""";

        // Act
        var first = await StartAsync(harness, body, "confirm-1");
        var second = await StartAsync(harness, body, "confirm-1");

        // Assert
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        var id = OperationId(first);
        Assert.Equal(id, OperationId(second));
        Assert.Equal(["/api/operations/" + id], first.Headers.GetValues("Location"));
        Assert.Equal(1, await harness.CountStatusBlobsAsync());
        Assert.Equal(1, await harness.CountWorkMessagesAsync());
        Assert.Equal(id, Assert.Single(await harness.RequestedAsync()).OperationId);
    }

    [Fact]
    public async Task The_same_key_with_another_filter_is_refused_with_409_and_starts_nothing_more()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await CompletedAsync(harness, 1);
        await StartAsync(harness, $$"""{ {{Window}}, "dryRun":false}""", "confirm-2");

        // Act
        var other = await StartAsync(harness, $$"""{"ruleType":"Other", {{Window}}, "dryRun":false}""", "confirm-2");

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(1, await harness.CountStatusBlobsAsync());
        Assert.Equal(1, await harness.CountWorkMessagesAsync());
        Assert.Single(await harness.RequestedAsync());
    }

    [Fact]
    public async Task An_operation_that_cannot_be_audited_is_refused_with_503_and_nothing_is_stored_enqueued_or_rerun()
    {
        // Arrange: the audit's storage is down; the rest is not.
        await using var instance = await AzuriteInstance.StartAsync();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var down = new OperatorAudit(new BlobServiceClient(instance.ConnectionString, options), TimeProvider.System, NullLogger<OperatorAudit>.Instance);
        await instance.StopAsync();
        await using var harness = await OperationsHarness.CreateAsync(azurite, down);
        await CompletedAsync(harness, 2);

        // Act
        var response = await StartAsync(harness, $$"""{ {{Window}}, "dryRun":false}""", "confirm-3");

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Retry-After", out _));
        Assert.Equal(0, await harness.CountStatusBlobsAsync());
        Assert.Equal(0, await harness.CountWorkMessagesAsync());
        Assert.Empty(harness.Enqueuer.Sent);
        Assert.Equal(0, await harness.Processing.CountPartitionMessagesAsync());
    }

    [Fact]
    public async Task An_enqueue_that_fails_answers_503_and_the_retry_with_the_same_key_enqueues_it()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await CompletedAsync(harness, 1);
        var body = $$"""{ {{Window}}, "dryRun":false}""";
        harness.Processing.Faults.FailNext(Azure.Core.RequestMethod.Post, OperationMessages.QueueName);

        // Act
        var failed = await StartAsync(harness, body, "confirm-4");
        var queuedAfterFailure = await harness.CountWorkMessagesAsync();
        var retried = await StartAsync(harness, body, "confirm-4");

        // Assert
        Assert.Equal(1, harness.Processing.Faults.Injected);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.True(failed.Headers.TryGetValues("Retry-After", out _));
        Assert.Equal(0, queuedAfterFailure);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(1, await harness.CountWorkMessagesAsync());
        Assert.Equal(1, await harness.CountStatusBlobsAsync());
        Assert.Single(await harness.RequestedAsync());
        Assert.True((await harness.StatusAsync(OperationId(retried))).Enqueued);
    }

    [Fact]
    public async Task The_runner_reruns_every_alert_once_with_its_journey_line_and_the_status_reads_succeeded()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var alerts = await CompletedAsync(harness, 3);
        var id = OperationId(await StartAsync(harness, $$"""{"clientId":"{{Client}}", {{Window}}, "dryRun":false}""", "confirm-5"));

        // Act
        Assert.Null(await harness.DeliverAsync());
        await harness.Processing.Host.RunUntilIdleAsync();
        var get = (TestHttpResponseData)await harness.Get.Run(RecordsHarness.Request("GET", $"https://app.example/api/operations/{id}", RecordsHarness.ReaderRole), id, default);

        // Assert: each alert sent once and handled once more; the status and the journey say who and which operation.
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var status = JsonDocument.Parse(get.ReadBody());
        Assert.Equal("succeeded", status.RootElement.GetProperty("status").GetString());
        Assert.Equal("rerun", status.RootElement.GetProperty("kind").GetString());
        Assert.Equal(3, status.RootElement.GetProperty("counts").GetProperty("rerun").GetInt32());
        Assert.Equal(3, status.RootElement.GetProperty("alerts").GetArrayLength());
        Assert.Equal(RecordsHarness.Operator.Name, status.RootElement.GetProperty("requestedBy").GetString());
        foreach (var alert in alerts)
        {
            Assert.Equal(1, harness.Enqueuer.Sent[alert.DedupKey]);
            Assert.Equal(2, harness.Processing.Dispatcher.Handled[alert.DedupKey]);
            var (_, events) = await harness.Records.JourneyReader.ReadAsync(Client, alert.DedupKey, default);
            var rerun = Assert.Single(events, e => e.Kind == JourneyEventKinds.Rerun);
            Assert.Equal((RecordsHarness.Operator.Name, id), (rerun.Actor, rerun.OperationId));
        }

        Assert.Contains(await AuditAsync(harness), e => e.OperationId == id && e.Result.StartsWith("succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alert_a_worker_holds_is_counted_busy_and_left_alone_and_the_operation_still_succeeds()
    {
        // Arrange: two handled alerts and one held by a live claim.
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var done = await CompletedAsync(harness, 2);
        var held = TestAlerts.Envelope(Client);
        await harness.Processing.Records.ClaimAsync(held, held.Body!, "holder", 1, default);
        var id = OperationId(await StartAsync(harness, $$"""{"clientId":"{{Client}}", {{Window}}, "dryRun":false}""", "confirm-busy"));

        // Act
        Assert.Null(await harness.DeliverAsync());

        // Assert
        var status = await harness.StatusAsync(id);
        Assert.Equal((OperationStates.Succeeded, 2, 1), (status.Status, status.Counts["rerun"], status.Counts["busy"]));
        Assert.Equal("busy", Assert.Single(status.Alerts, a => a.DedupKey == held.DedupKey).Result);
        Assert.False(harness.Enqueuer.Sent.ContainsKey(held.DedupKey));
        Assert.All(done, a => Assert.Equal(1, harness.Enqueuer.Sent[a.DedupKey]));
    }

    [Fact]
    public async Task A_run_that_crashes_midway_is_resumed_by_the_redelivered_message_without_rerunning_what_it_had_done()
    {
        // Arrange: the third alert's enqueue fails (storage), after two alerts were re-run and before any checkpoint.
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        var alerts = await CompletedAsync(harness, 4);
        var id = OperationId(await StartAsync(harness, $$"""{ {{Window}}, "dryRun":false}""", "confirm-6"));
        harness.Enqueuer.FailCall = 3;

        // Act: the first delivery throws (the host keeps the message); the next one comes after the lease ran out.
        var crash = await harness.DeliverAsync();
        var afterCrash = await harness.StatusAsync(id);
        harness.Processing.Time.Advance(OperatorOperationRunner.Lease + TimeSpan.FromSeconds(1));
        var resumed = await harness.DeliverAsync();

        // Assert: every alert sent exactly once, counted once.
        Assert.NotNull(crash);
        Assert.Equal(OperationStates.Running, afterCrash.Status);
        Assert.Null(resumed);
        Assert.All(alerts, a => Assert.Equal(1, harness.Enqueuer.Sent[a.DedupKey]));
        Assert.Equal(4, await harness.Processing.CountPartitionMessagesAsync());
        var status = await harness.StatusAsync(id);
        Assert.Equal((OperationStates.Succeeded, 4, 4, 2), (status.Status, status.Counts["rerun"], status.Counts["matched"], status.Runs));
        Assert.Equal(0, await harness.CountWorkMessagesAsync());
    }

    [Fact]
    public async Task A_second_copy_of_the_message_while_the_operation_runs_is_dropped()
    {
        // Arrange: an invocation holds the operation (running, lease live).
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await CompletedAsync(harness, 1);
        var id = OperationId(await StartAsync(harness, $$"""{ {{Window}}, "dryRun":false}""", "confirm-7"));
        var (status, etag) = (await harness.Store.ReadAsync(id, default))!.Value;
        status.Status = OperationStates.Running;
        status.LeaseUntil = harness.Processing.Time.GetUtcNow().AddSeconds(20);
        await harness.Store.TryReplaceAsync(status, etag, default);

        // Act
        await harness.Runner.RunAsync(id, dequeueCount: 1, default);

        // Assert
        Assert.Empty(harness.Enqueuer.Sent);
        Assert.Equal(OperationStates.Running, (await harness.StatusAsync(id)).Status);
    }

    [Fact]
    public async Task On_the_hosts_last_dequeue_a_failing_operation_is_marked_failed_instead_of_dying_in_poison()
    {
        // Arrange: storage keeps failing under the re-run.
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await CompletedAsync(harness, 1);
        var id = OperationId(await StartAsync(harness, $$"""{ {{Window}}, "dryRun":false}""", "confirm-8"));
        harness.Enqueuer.FailAll = true;
        var last = harness.Processing.Options.MaxDequeueCount;

        // Act
        var early = await Record.ExceptionAsync(() => harness.Runner.RunAsync(id, last - 1, default));
        harness.Processing.Time.Advance(OperatorOperationRunner.Lease + TimeSpan.FromSeconds(1));
        var final = await Record.ExceptionAsync(() => harness.Runner.RunAsync(id, last, default));

        // Assert: retried before, failed visibly (and not thrown to the host) on the last.
        Assert.NotNull(early);
        Assert.Null(final);
        var status = await harness.StatusAsync(id);
        Assert.Equal(OperationStates.Failed, status.Status);
        Assert.False(string.IsNullOrEmpty(status.Error));
        Assert.Contains(await AuditAsync(harness), e => e.OperationId == id && e.Result.StartsWith("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reading_an_operation_answers_404_for_an_unknown_or_malformed_id_and_503_when_storage_fails()
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await using var instance = await AzuriteInstance.StartAsync();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var down = new GetOperationOver(new OperationStore(new BlobServiceClient(instance.ConnectionString, options), NullLogger<OperationStore>.Instance));
        await instance.StopAsync();
        var unknown = new string('a', OperationIds.Length);

        // Act
        var missing = await GetAsync(harness.Get, unknown);
        var malformed = await GetAsync(harness.Get, "..%2Fsecret");
        var unavailable = await GetAsync(down.Function, unknown);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.True(unavailable.Headers.TryGetValues("Retry-After", out _));
    }

    [Fact]
    public async Task A_start_whose_status_storage_fails_answers_503_never_500()
    {
        // Arrange: the status blobs' and the queue's storage is down (the audit's is not).
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await using var instance = await AzuriteInstance.StartAsync();
        var blobOptions = new BlobClientOptions();
        blobOptions.Retry.MaxRetries = 0;
        var queueOptions = new Azure.Storage.Queues.QueueClientOptions();
        queueOptions.Retry.MaxRetries = 0;
        var starter = new OperationStarter(
            new OperationStore(new BlobServiceClient(instance.ConnectionString, blobOptions), NullLogger<OperationStore>.Instance),
            new OperationMessages(new Azure.Storage.Queues.QueueServiceClient(instance.ConnectionString, queueOptions)),
            harness.Records.Audit,
            harness.Processing.Time,
            NullLogger<OperationStarter>.Instance);
        await instance.StopAsync();
        var request = RecordsHarness.Request("POST", "https://app.example/api/operations/rerun", body: $$"""{ {{Window}}, "dryRun":false}""");
        request.Headers.Add("Idempotency-Key", "confirm-9");

        // Act
        var response = (TestHttpResponseData)await new CodatAlerts.Functions.Functions.StartRerunOperation(new RerunPreview(harness.Records.Reader), starter).Run(request, default);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Retry-After", out _));
    }

    [Theory]
    [InlineData("""{"since":"2026-03-02T08:00:00Z","until":"2026-03-02T10:00:00Z","dryRun":false}""", null, false)]
    [InlineData("""{"since":"2026-03-02T08:00:00Z","until":"2026-03-02T10:00:00Z","dryRun":false}""", "", false)]
    [InlineData("""{"until":"2026-03-02T10:00:00Z","dryRun":false}""", "k", false)]
    [InlineData("""{"since":"2026-03-02T08:00:00","until":"2026-03-02T10:00:00Z","dryRun":false}""", "k", false)]
    [InlineData("""{"clientId":"","since":"2026-03-02T08:00:00Z","until":"2026-03-02T10:00:00Z","dryRun":false}""", "k", false)]
    [InlineData("""{"client":"x","since":"2026-03-02T08:00:00Z","until":"2026-03-02T10:00:00Z","dryRun":false}""", "k", false)]
    [InlineData("""{"state":"done","since":"2026-03-02T08:00:00Z","until":"2026-03-02T10:00:00Z","dryRun":false}""", "k", false)]
    [InlineData("""{"since":"2026-03-02T08:00:00Z","until":"2026-03-02T10:00:00Z","dryRun":false}""", "k", true)]
    public async Task A_start_without_a_key_with_a_filter_that_does_not_read_or_by_a_reader_is_refused_and_nothing_starts(string body, string? key, bool reader)
    {
        // Arrange
        await using var harness = await OperationsHarness.CreateAsync(azurite);
        await CompletedAsync(harness, 1);

        // Act
        var response = await StartAsync(harness, body, key, reader ? RecordsHarness.ReaderRole : null);

        // Assert
        Assert.Equal(reader ? HttpStatusCode.Forbidden : HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await harness.CountStatusBlobsAsync());
        Assert.Equal(0, await harness.CountWorkMessagesAsync());
    }

    internal const string Client = "cccccccc-3333-4333-8333-333333333333";

    internal static async Task<IReadOnlyList<AlertEnvelope>> CompletedAsync(OperationsHarness harness, int count)
    {
        var alerts = Enumerable.Range(0, count).Select(_ => TestAlerts.Envelope(Client)).ToArray();
        await harness.Records.ProcessAsync(alerts);
        return alerts;
    }

    internal static string OperationId(TestHttpResponseData response)
    {
        using var json = JsonDocument.Parse(response.ReadBody());
        return json.RootElement.GetProperty("operationId").GetString()!;
    }

    internal static async Task<IReadOnlyList<AuditEntry>> AuditAsync(OperationsHarness harness)
    {
        var (_, entries) = await harness.Records.Audit.ReadAsync(ProcessingHarness.Start.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), 100, default);
        return entries;
    }

    private static async Task<TestHttpResponseData> StartAsync(OperationsHarness harness, string body, string? key, CodatAlerts.Operators.OperatorIdentity? caller = null)
    {
        var request = RecordsHarness.Request("POST", "https://app.example/api/operations/rerun", caller, body);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return (TestHttpResponseData)await harness.StartRerun.Run(request, default);
    }

    private static async Task<TestHttpResponseData> GetAsync(CodatAlerts.Functions.Functions.GetOperation function, string id) =>
        (TestHttpResponseData)await function.Run(RecordsHarness.Request("GET", $"https://app.example/api/operations/{id}", RecordsHarness.ReaderRole), id, default);

    private sealed class GetOperationOver(OperationStore store)
    {
        public CodatAlerts.Functions.Functions.GetOperation Function { get; } = new(store);
    }
}
