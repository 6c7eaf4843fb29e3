using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CodatAlerts.Functions.Functions;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>"Did Codat's alert X reach us, and what happened to it?" — <c>GET /api/records/{clientId}/{dedupKey}</c>.</summary>
[Collection("Azurite")]
public sealed class AlertLookupTests(AzuriteFixture azurite)
{
    private const string Client = "aaaaaaaa-1111-4111-8111-111111111111";

    [Fact]
    public async Task A_processed_alert_is_answered_with_its_state_attempts_times_partition_rule_type_delivery_and_ingestion_id()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        var url = $"https://app.example/api/records/{Client.ToUpperInvariant()}/{envelope.DedupKey}";

        // Act
        var response = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", url), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        var root = json.RootElement;
        Assert.Equal((Client, envelope.DedupKey), (root.GetProperty("clientId").GetString(), root.GetProperty("dedupKey").GetString()));
        Assert.Equal(("completed", "handled", 1), (root.GetProperty("state").GetString(), root.GetProperty("outcome").GetString(), root.GetProperty("attempts").GetInt32()));
        Assert.Equal(ProcessingHarness.Start, root.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(ProcessingHarness.Start, root.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("leaseUntil").ValueKind);
        Assert.Equal(envelope.Partition, root.GetProperty("partition").GetInt32());
        Assert.Equal((TestAlerts.RuleType, "Legacy"), (root.GetProperty("ruleType").GetString(), root.GetProperty("delivery").GetString()));
        Assert.Equal([envelope.IngestionId], root.GetProperty("ingestionIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task The_trace_id_of_the_claimed_copy_is_answered_and_a_copy_without_one_answers_null()
    {
        // Arrange: one copy carries the intake's traceparent, the other none (an envelope from before tracing).
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var traced = TestAlerts.Envelope(Client) with { TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" };
        var untraced = TestAlerts.Envelope(Client) with { TraceParent = "not a traceparent" };
        await harness.ProcessAsync(traced, untraced);

        // Act
        var answers = new List<JsonElement>();
        foreach (var envelope in new[] { traced, untraced })
        {
            var response = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/{envelope.DedupKey}"), default);
            answers.Add(JsonDocument.Parse(response.ReadBody()).RootElement.Clone());
        }

        // Assert
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", answers[0].GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.Null, answers[1].GetProperty("traceId").ValueKind);
    }

    [Fact]
    public async Task A_held_alert_shows_its_lease_and_a_failed_one_its_reason()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var held = TestAlerts.Envelope(Client);
        await harness.Processing.Records.ClaimAsync(held, held.Body!, "message-1", 1, default);
        var failed = TestAlerts.Envelope(Client);
        harness.Processing.Dispatcher.Script(failed.DedupKey, DispatchStep.FailPermanently);
        await harness.ProcessAsync(failed);

        // Act
        var heldView = (await harness.Reader.GetAsync(Client, held.DedupKey, withBody: false, default)).Record!;
        var failedView = (await harness.Reader.GetAsync(Client, failed.DedupKey, withBody: false, default)).Record!;

        // Assert
        Assert.Equal(AlertRecordState.Processing, heldView.State);
        Assert.Equal(ProcessingHarness.Start + harness.Processing.Options.LeaseDuration, heldView.LeaseUntil);
        Assert.Equal("message-1", heldView.ClaimedBy);
        Assert.Equal(AlertRecordState.Failed, failedView.State);
        Assert.False(string.IsNullOrEmpty(failedView.Reason));
    }

    [Fact]
    public async Task With_body_true_the_archived_body_comes_back_as_the_json_itself()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        var url = $"https://app.example/api/records/{Client}/{envelope.DedupKey}?body=true&code=key";

        // Act
        var response = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", url), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        using var original = JsonDocument.Parse(envelope.Body!);
        Assert.Equal(original.RootElement.GetRawText(), json.RootElement.GetProperty("body").GetRawText());
    }

    [Fact]
    public async Task A_body_that_is_not_json_comes_back_as_base64_of_the_exact_bytes()
    {
        // Arrange: an archive as the exact-bytes intake may store it, not valid UTF-8.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        byte[] bytes = [0x7B, 0xFF, 0xFE, 0x00, 0x7D];
        var blob = harness.Container.GetBlobClient(AlertRecordName.For(Client, "odd-key"));
        await blob.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["state"] = "completed" } });

        // Act
        var lookup = await harness.Reader.GetAsync(Client, "odd-key", withBody: true, default);
        using var json = JsonDocument.Parse(RecordsJson.Lookup(lookup.Record!, lookup.Body));

        // Assert
        Assert.Equal(bytes, json.RootElement.GetProperty("bodyBase64").GetBytesFromBase64());
        Assert.False(json.RootElement.TryGetProperty("body", out _));
    }

    [Theory]
    [InlineData("msg/2026 03?#")]
    [InlineData("records")]
    public async Task A_dedup_key_with_a_slash_or_a_space_is_looked_up_from_its_percent_encoded_path_segment(string dedupKey)
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client, dedupKey: dedupKey);
        await harness.ProcessAsync(envelope);
        var url = $"https://app.example/api/records/{Client}/{Uri.EscapeDataString(envelope.DedupKey)}";

        // Act
        var response = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", url), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(envelope.DedupKey, JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("dedupKey").GetString());
    }

    [Fact]
    public async Task An_alert_never_seen_is_404()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);

        // Act
        var response = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/nope"), default);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("?bodyy=true", "Unknown parameter 'bodyy'")]
    [InlineData("?body=yes", "body must be true or false")]
    public async Task A_misspelt_or_bad_parameter_is_refused_with_400(string query, string expected)
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);

        // Act
        var response = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/k{query}"), default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Looking_up_and_listing_never_change_the_record()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        var blob = harness.Container.GetBlobClient(AlertRecordName.For(Client, envelope.DedupKey));
        var before = (await blob.GetPropertiesAsync()).Value;

        // Act
        await harness.Reader.GetAsync(Client, envelope.DedupKey, withBody: false, default);
        await harness.Reader.GetAsync(Client, envelope.DedupKey, withBody: true, default);
        await harness.Reader.ListAsync(new RecordListRequest(Client, null, null, null, null, 10, null), default);

        // Assert
        var after = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.LastModified, after.LastModified);
        Assert.Equal(before.Metadata.OrderBy(m => m.Key), after.Metadata.OrderBy(m => m.Key));
    }

    [Fact]
    public async Task When_storage_is_down_every_endpoint_answers_503_with_retry_after_never_500()
    {
        // Arrange: a private Azurite, stopped, and clients that do not retry (the outage is certain).
        await using var instance = await AzuriteInstance.StartAsync();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var blobs = new BlobServiceClient(instance.ConnectionString, options);
        var reader = new AlertRecordReader(blobs, TimeProvider.System, NullLogger<AlertRecordReader>.Instance);
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var rerunner = new AlertRerunner(blobs, new StorageAlertEnqueuer(new AlertQueues(harness.Processing.Queues), blobs, Microsoft.Extensions.Options.Options.Create(new QueueingOptions()), NullLogger<StorageAlertEnqueuer>.Instance), harness.Journey, new RecordMetrics(harness.Processing.MeterFactory), TimeProvider.System, NullLogger<AlertRerunner>.Instance);
        await instance.StopAsync();

        // Act
        var lookup = (TestHttpResponseData)await new GetAlertRecord(reader).Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/k"), default);
        var list = (TestHttpResponseData)await new ListAlertRecords(reader).Run(RecordsHarness.Request("GET", $"https://app.example/api/records?clientId={Client}"), default);
        var rerun = (TestHttpResponseData)await new RerunAlert(rerunner, harness.Audit).Run(RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/k/rerun"), default);

        // Assert
        foreach (var response in new[] { lookup, list, rerun })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("10", response.Header("Retry-After"));
        }
    }

    [Fact]
    public void The_body_json_is_the_archive_byte_for_byte_when_it_is_json()
    {
        // Arrange: whitespace and key order as Codat sent them.
        var raw = "{ \"AlertId\" :\"x\",\n  \"b\": [1, 2] }";
        var view = new AlertRecordView(Client, "x", AlertRecordState.Completed, "handled", null, null, 1, null, null, null, null, 0, "DataSyncCompleted", "Legacy", "header", [], null);

        // Act
        var json = RecordsJson.Lookup(view, BinaryData.FromString(raw));

        // Assert
        Assert.Contains(raw, json, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(raw), Encoding.UTF8.GetBytes(JsonDocument.Parse(json).RootElement.GetProperty("body").GetRawText()));
    }
}
