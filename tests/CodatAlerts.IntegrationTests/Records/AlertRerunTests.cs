using CodatAlerts.Functions.Access;
using System.Net;
using System.Text.Json;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>"Run alert X again: our handler had a bug." — <c>POST /api/records/{clientId}/{dedupKey}/rerun</c>.</summary>
[Collection("Azurite")]
public sealed class AlertRerunTests(AzuriteFixture azurite)
{
    private const string Client = "cccccccc-3333-4333-8333-333333333333";

    [Fact]
    public async Task A_completed_alert_runs_exactly_once_more_and_is_counted_as_a_rerun_not_a_delivery()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        var url = $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=false";

        // Act
        var response = (TestHttpResponseData)await harness.RerunFunction.Run(RecordsHarness.Request("POST", url), default);
        await harness.Processing.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal("completed", json.RootElement.GetProperty("previousState").GetString());
        Assert.Equal(2, harness.Processing.Dispatcher.Handled[envelope.DedupKey]);
        var record = (await harness.Reader.GetAsync(Client, envelope.DedupKey, withBody: false, default)).Record!;
        Assert.Equal((AlertRecordState.Completed, 2), (record.State, record.Attempts));
        Assert.Equal([json.RootElement.GetProperty("ingestionId").GetString()!], record.IngestionIds);
        Assert.Equal(1, harness.Count(RecordMetrics.Rerun));
        Assert.Equal(0, harness.Count(TelemetryNames.Accepted));
        Assert.Equal(0, harness.Count(TelemetryNames.Duplicates));
    }

    [Fact]
    public async Task The_copy_is_the_same_alert_rebuilt_from_the_archive_and_never_expires()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);

        // Act
        var result = await harness.Rerunner.RerunAsync(Client, envelope.DedupKey, dryRun: false, default);

        // Assert
        var queue = harness.Processing.Queues.GetQueueClient(AlertPartitions.QueueName(envelope.Partition));
        var message = Assert.Single((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
        Assert.True(message.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100));
        var copy = AlertEnvelopeSerializer.Deserialize(message.Body.ToMemory().Span);
        Assert.Equal(
            (envelope.ClientId, envelope.DedupKey, envelope.DedupKeySource, envelope.RuleType, envelope.Shape, envelope.Delivery, envelope.ReceivedAt, envelope.Partition, Convert.ToBase64String(envelope.Body!)),
            (copy.ClientId, copy.DedupKey, copy.DedupKeySource, copy.RuleType, copy.Shape, copy.Delivery, copy.ReceivedAt, copy.Partition, Convert.ToBase64String(copy.Body!)));
        Assert.Equal(result.IngestionId, copy.IngestionId);
        Assert.NotEqual(envelope.IngestionId, copy.IngestionId);
    }

    [Fact]
    public async Task A_failed_alert_is_reopened_and_its_rerun_completes_it()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Processing.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.ProcessAsync(envelope);
        harness.Processing.Dispatcher.Script(envelope.DedupKey); // fixed

        // Act
        var result = await harness.Rerunner.RerunAsync(Client, envelope.DedupKey, dryRun: false, default);
        await harness.Processing.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal((RecordStatus.Ok, AlertRecordState.Failed), (result.Status, result.PreviousState));
        var record = (await harness.Reader.GetAsync(Client, envelope.DedupKey, withBody: false, default)).Record!;
        Assert.Equal((AlertRecordState.Completed, "handled", null), (record.State, record.Outcome, record.Reason));
        Assert.Equal(1, harness.Processing.Dispatcher.Handled[envelope.DedupKey]);
    }

    [Fact]
    public async Task An_alert_failed_because_its_workers_kept_dying_is_rerun_and_its_handler_starts_exactly_once()
    {
        // Guard: the reopening forgets the claim token, carrier, poison note and crash count of the failed record, so
        // the copy's claim neither counts the old crashes (poisoned again at once) nor meets an old carrier.
        // Arrange: the workers of five claims died, and the app poisoned the next copy for it without running it.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var processing = harness.Processing;
        var envelope = TestAlerts.Envelope(Client);
        for (var crash = 0; crash < processing.Options.MaxDequeueCount; crash++)
        {
            Assert.Equal(ClaimStatus.Claimed, (await processing.Records.ClaimAsync(envelope, envelope.Body!, $"dead-{crash}", 1, default)).Status);
            processing.Time.Advance(processing.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        }

        await harness.ProcessAsync(TestAlerts.Redelivery(envelope));
        var blob = harness.Container.GetBlobClient(AlertRecordName.For(Client, envelope.DedupKey));
        var failed = (await blob.GetPropertiesAsync()).Value.Metadata;
        Assert.Equal(
            ("failed", "5", "1"),
            (failed[AlertRecordMetadata.State], failed[AlertRecordMetadata.Abandoned], failed[AlertRecordMetadata.PoisonWritten]));
        Assert.False(processing.Dispatcher.Attempts.ContainsKey(envelope.DedupKey));

        // Act: an operator re-runs it, and the copy is processed.
        var response = (TestHttpResponseData)await harness.RerunFunction.Run(
            RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=false"), default);
        await processing.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, processing.Dispatcher.Attempts.GetValueOrDefault(envelope.DedupKey));
        var record = (await harness.Reader.GetAsync(Client, envelope.DedupKey, withBody: false, default)).Record!;
        Assert.Equal(AlertRecordState.Completed, record.State);
    }

    [Fact]
    public async Task A_dry_run_is_the_default_and_changes_nothing()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        var blob = harness.Container.GetBlobClient(AlertRecordName.For(Client, envelope.DedupKey));
        var before = (await blob.GetPropertiesAsync()).Value.ETag;

        // Act
        var response = (TestHttpResponseData)await harness.RerunFunction.Run(RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun"), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.False(json.RootElement.GetProperty("enqueued").GetBoolean());
        Assert.Equal(AlertPartitions.QueueName(envelope.Partition), json.RootElement.GetProperty("queue").GetString());
        Assert.Equal(before, (await blob.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(0, await harness.Processing.CountPartitionMessagesAsync());
        Assert.Equal(0, harness.Count(RecordMetrics.Rerun));
    }

    [Fact]
    public async Task A_rerun_is_refused_with_409_while_a_live_claim_holds_the_alert()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Processing.Records.ClaimAsync(envelope, envelope.Body!, "holder", 1, default);
        var url = $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=false";

        // Act
        var response = (TestHttpResponseData)await harness.RerunFunction.Run(RecordsHarness.Request("POST", url), default);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("holds the alert", JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await harness.Processing.CountPartitionMessagesAsync());
        Assert.Equal(AlertRecordState.Processing, (await harness.Reader.GetAsync(Client, envelope.DedupKey, withBody: false, default)).Record!.State);
    }

    [Fact]
    public async Task Once_the_holders_lease_has_run_out_the_alert_can_be_rerun()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Processing.Records.ClaimAsync(envelope, envelope.Body!, "crashed", 1, default);
        harness.Processing.Time.Advance(harness.Processing.Options.LeaseDuration + TimeSpan.FromSeconds(1));

        // Act
        var result = await harness.Rerunner.RerunAsync(Client, envelope.DedupKey, dryRun: false, default);

        // Assert
        Assert.Equal((RecordStatus.Ok, AlertRecordState.Processing), (result.Status, result.PreviousState));
        Assert.Equal(AlertRecordState.Released, (await harness.Reader.GetAsync(Client, envelope.DedupKey, withBody: false, default)).Record!.State);
    }

    [Fact]
    public async Task An_unknown_alert_is_404_and_a_misspelt_parameter_400()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);

        // Act
        var unknown = (TestHttpResponseData)await harness.RerunFunction.Run(RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/nope/rerun?dryRun=false"), default);
        var misspelt = (TestHttpResponseData)await harness.RerunFunction.Run(RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/nope/rerun?dryrun=false&dry=false"), default);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
    }

    [Fact]
    public async Task A_dry_run_flag_that_is_not_true_or_false_is_400_with_its_reason_and_runs_nothing()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);

        // Act
        var response = (TestHttpResponseData)await harness.RerunFunction.Run(
            RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=no"), default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dryRun must be true or false", response.ReadBody(), StringComparison.Ordinal);
        var queue = harness.Processing.Queues.GetQueueClient(AlertPartitions.QueueName(envelope.Partition));
        Assert.Empty((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
    }

    [Fact]
    public async Task A_rerun_whose_invocation_is_cancelled_once_the_copy_is_queued_still_answers_202_with_its_report()
    {
        // Arrange: the host cancels the invocation (shutdown, time-out) just after the copy is queued.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        using var invocation = new CancellationTokenSource();
        var context = FunctionContexts.For("Records");
        context.SetOperator(RecordsHarness.Operator);
        var request = new TestHttpRequestData(context, new MemoryStream(), "POST",
            new Uri($"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=false"))
        {
            OnCreateResponse = invocation.Cancel,
        };

        // Act
        var response = (TestHttpResponseData)await harness.RerunFunction.Run(request, invocation.Token);

        // Assert: the operator learns the copy is queued instead of seeing a 500 and queueing it again.
        Assert.True(invocation.IsCancellationRequested);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal("completed", json.RootElement.GetProperty("previousState").GetString());
        var queue = harness.Processing.Queues.GetQueueClient(AlertPartitions.QueueName(envelope.Partition));
        Assert.Single((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
    }
}
