using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Operations;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>The operator audit trail (<c>operator-audit</c>) and <c>GET /api/audit</c>.</summary>
[Collection("Azurite")]
public sealed class OperatorAuditTests(AzuriteFixture azurite)
{
    private const string Client = "aaaaaaaa-1111-4111-8111-111111111111";

    [Fact]
    public async Task A_rerun_is_audited_before_it_runs_and_its_result_after_with_who_did_it()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);

        // Act
        var rerun = (TestHttpResponseData)await harness.RerunFunction.Run(RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=false"), default);
        var response = (TestHttpResponseData)await harness.AuditFunction.Run(RecordsHarness.Request("GET", "https://app.example/api/audit", RecordsHarness.ReaderRole), default);

        // Assert: newest first, so the result line, then the request line.
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["accepted", "requested"], entries.Select(e => e.GetProperty("result").GetString()));
        Assert.All(entries, e => Assert.Equal(RecordsHarness.Operator.Name, e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal($"{Client}/{envelope.DedupKey}", e.GetProperty("target").GetString()));
        Assert.Equal(entries[0].GetProperty("id").GetString(), entries[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_rerun_that_cannot_be_audited_is_refused_with_503_and_nothing_is_queued()
    {
        // Arrange: the audit's storage is down, the records' is not.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        await using var instance = await AzuriteInstance.StartAsync();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var audit = new OperatorAudit(new BlobServiceClient(instance.ConnectionString, options), harness.Processing.Time, NullLogger<OperatorAudit>.Instance);
        await instance.StopAsync();

        // Act
        var response = (TestHttpResponseData)await new CodatAlerts.Functions.Functions.RerunAlert(harness.Rerunner, audit).Run(
            RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=false"), default);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var queue = harness.Processing.Queues.GetQueueClient(AlertPartitions.QueueName(envelope.Partition));
        Assert.Empty((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
    }

    [Fact]
    public async Task A_dry_run_is_not_audited_and_the_trail_reads_back_newest_first_across_days()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var audit = harness.Audit;
        var first = audit.Request(RecordsHarness.Operator, "rerun", "c/k1", null);
        await audit.TryWriteAsync(first, default);
        harness.Processing.Time.Advance(TimeSpan.FromDays(1));
        var second = audit.Request(RecordsHarness.Operator, "rerun", "c/k2", null);
        await audit.TryWriteAsync(second, default);
        await harness.RerunFunction.Run(RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/k/rerun?dryRun=true"), default);

        // Act
        var (_, entries) = await audit.ReadAsync(first.At.AddHours(-1), second.At.AddHours(1), 10, default);

        // Assert
        Assert.Equal(["c/k2", "c/k1"], entries.Select(e => e.Target));
    }
}
