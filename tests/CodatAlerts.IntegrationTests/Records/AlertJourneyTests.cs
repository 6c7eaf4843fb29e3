using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Intake;
using CodatAlerts.Journey;
using CodatAlerts.Processing;
using CodatAlerts.Records;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>The journey store (<c>alert-journeys</c>) and <c>GET /api/records/{client}/{key}/journey</c>.</summary>
[Collection("Azurite")]
public sealed class AlertJourneyTests(AzuriteFixture azurite)
{
    private const string Client = "aaaaaaaa-1111-4111-8111-111111111111";

    [Fact]
    public async Task A_happy_alert_costs_no_journey_write_and_its_journey_is_told_by_the_record()
    {
        // Arrange: the processor's two calls for an alert handled at its first try.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        var counter = new RequestCounter();
        var journey = new BlobAlertJourney(counter.Client(azurite), new JourneyMetrics(harness.Processing.MeterFactory), NullLogger<BlobAlertJourney>.Instance);

        // Act
        await journey.AppendAsync(Client, envelope.DedupKey, new JourneyEvent { Kind = JourneyEventKinds.Claimed, At = ProcessingHarness.Start, Attempt = 1, IngestionId = envelope.IngestionId }, default);
        await journey.AppendAsync(Client, envelope.DedupKey, new JourneyEvent { Kind = JourneyEventKinds.Completed, At = ProcessingHarness.Start, Attempt = 1, Outcome = "handled" }, default);
        var events = await JourneyAsync(harness, envelope.DedupKey);

        // Assert
        Assert.Equal(0, counter.Total);
        Assert.Equal([JourneyEventKinds.Claimed, JourneyEventKinds.Completed], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(envelope.IngestionId, events[0].GetProperty("ingestionId").GetString());
        Assert.Equal(ProcessingHarness.Start, events[0].GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal("Legacy", events[0].GetProperty("delivery").GetString());
        Assert.Equal("handled", events[1].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_duplicate_a_retry_and_a_rerun_appear_in_order_with_who_reran_it()
    {
        // Arrange: an alert handled at its second attempt (the first failed 2 s earlier), then a duplicate, then a re-run by an operator.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.ProcessAsync(envelope);
        var t = ProcessingHarness.Start;
        await harness.Journey.AppendAsync(Client, envelope.DedupKey, new JourneyEvent { Kind = JourneyEventKinds.AttemptFailed, At = t.AddSeconds(-2), Attempt = 1, Error = "downstream 503", NextAttemptAt = t }, default);
        await harness.Journey.AppendAsync(Client, envelope.DedupKey, new JourneyEvent { Kind = JourneyEventKinds.Duplicate, At = t.AddSeconds(1), IngestionId = "copy-2", Outcome = "completed", Delivery = DeliveryMode.Legacy }, default);
        harness.Processing.Time.Advance(TimeSpan.FromMinutes(5));

        // Act
        var rerun = (TestHttpResponseData)await harness.RerunFunction.Run(RecordsHarness.Request("POST", $"https://app.example/api/records/{Client}/{envelope.DedupKey}/rerun?dryRun=false"), default);
        await harness.Processing.Host.RunUntilIdleAsync();
        var events = await JourneyAsync(harness, envelope.DedupKey);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        Assert.Equal(
            [JourneyEventKinds.Claimed, JourneyEventKinds.AttemptFailed, JourneyEventKinds.Completed, JourneyEventKinds.Duplicate, JourneyEventKinds.Rerun, JourneyEventKinds.Completed],
            events.Select(e => e.GetProperty("kind").GetString()));
        var rerunEvent = events.Single(e => e.GetProperty("kind").GetString() == JourneyEventKinds.Rerun);
        Assert.Equal(RecordsHarness.Operator.Name, rerunEvent.GetProperty("actor").GetString());
        Assert.Equal("completed", rerunEvent.GetProperty("outcome").GetString());
        Assert.Equal(events.Select(e => e.GetProperty("at").GetDateTimeOffset()).Order(), events.Select(e => e.GetProperty("at").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Each_event_beyond_the_first_costs_one_append_and_the_first_one_creates_the_blob()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var counter = new RequestCounter();
        var journey = new BlobAlertJourney(counter.Client(azurite), new JourneyMetrics(harness.Processing.MeterFactory), NullLogger<BlobAlertJourney>.Instance);
        await harness.Journeys.CreateIfNotExistsAsync();
        var failed = new JourneyEvent { Kind = JourneyEventKinds.AttemptFailed, At = ProcessingHarness.Start, Error = "downstream 503" };

        // Act
        await journey.AppendAsync(Client, "k", failed, default);
        var first = counter.Total;
        counter.Reset();
        await journey.AppendAsync(Client, "k", failed, default);
        var second = counter.Total;

        // Assert: 404 on the append, Create, append; then one append.
        Assert.Equal((3, 1), (first, second));
        var content = (await harness.Journeys.GetBlobClient(AlertRecordName.For(Client, "k")).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal(2, content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_duplicate_costs_its_journey_line_and_one_append_to_its_minutes_tally()
    {
        // Arrange: the alert's journey and the hour's tally exist already.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var duplicate = new JourneyEvent { Kind = JourneyEventKinds.Duplicate, At = ProcessingHarness.Start, Outcome = "completed" };
        await harness.Journey.AppendAsync(Client, "k", duplicate, default);
        var counter = new RequestCounter();
        var journey = new BlobAlertJourney(counter.Client(azurite), new JourneyMetrics(harness.Processing.MeterFactory), NullLogger<BlobAlertJourney>.Instance);

        // Act
        await journey.AppendAsync(Client, "k", duplicate, default);

        // Assert: two appends; the tally holds a 3-byte line per duplicate.
        Assert.Equal(2, counter.Total);
        var tally = (await harness.Journeys.GetBlobClient(DuplicateTally.BlobName(ProcessingHarness.Start)).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal("00\n00\n", tally);
    }

    [Theory]
    [InlineData(JourneyEventKinds.Poisoned, 1)] // Its line.
    [InlineData(JourneyEventKinds.Duplicate, 2)] // Its line and its minute's tally.
    public async Task When_storage_is_down_an_append_returns_normally_and_each_lost_write_is_counted(string kind, int lost)
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        await using var instance = await AzuriteInstance.StartAsync();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var journey = new BlobAlertJourney(new BlobServiceClient(instance.ConnectionString, options), new JourneyMetrics(harness.Processing.MeterFactory), NullLogger<BlobAlertJourney>.Instance);
        await instance.StopAsync();

        // Act
        var append = journey.AppendAsync(Client, "k", new JourneyEvent { Kind = kind, At = ProcessingHarness.Start }, default);
        await append;

        // Assert
        Assert.True(append.IsCompletedSuccessfully);
        Assert.Equal(lost, harness.Count(JourneyMetrics.WriteFailed));
    }

    [Fact]
    public async Task A_poisoning_whose_line_was_lost_is_told_from_the_record_and_an_unreadable_line_is_skipped()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        harness.Processing.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.ProcessAsync(envelope);
        await harness.Journeys.CreateIfNotExistsAsync();
        var blob = harness.Journeys.GetAppendBlobClient(AlertRecordName.For(Client, envelope.DedupKey));
        await blob.CreateAsync();
        await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes("{not json\n")));

        // Act
        var events = await JourneyAsync(harness, envelope.DedupKey);

        // Assert
        Assert.Equal([JourneyEventKinds.Claimed, JourneyEventKinds.Poisoned], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.False(string.IsNullOrEmpty(events[1].GetProperty("error").GetString()));
    }

    [Fact]
    public async Task An_alert_with_neither_record_nor_journey_is_404()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);

        // Act
        var response = (TestHttpResponseData)await harness.JourneyFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/nope/journey", RecordsHarness.ReaderRole), default);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<List<JsonElement>> JourneyAsync(RecordsHarness harness, string dedupKey)
    {
        var response = (TestHttpResponseData)await harness.JourneyFunction.Run(
            RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/{Uri.EscapeDataString(dedupKey)}/journey", RecordsHarness.ReaderRole), default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        return [.. json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone())];
    }
}
