using System.Net;
using System.Text.Json;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Processing;
using CodatAlerts.Records;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>
/// <c>GET /api/records</c> through the blob index, against Azurite 3.37 (which implements Find Blobs by Tags in a
/// container, with range operators, in its in-memory mode; its index is immediate, where Azure's lags by seconds to
/// minutes under load).
/// </summary>
[Collection("Azurite")]
public sealed class AlertListTests(AzuriteFixture azurite)
{
    private const string ClientA = "aaaaaaaa-1111-4111-8111-111111111111";
    private const string ClientB = "bbbbbbbb-2222-4222-9222-222222222222";
    private static readonly DateTimeOffset Two = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_client_and_a_time_window_select_exactly_the_alerts_received_in_it()
    {
        // Arrange: 01:59:59.999, 02:00, 02:30, 02:59:59.999, 03:00 for A; 02:30 for B.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var times = new[] { Two.AddTicks(-10_000), Two, Two.AddMinutes(30), Two.AddHours(1).AddTicks(-10_000), Two.AddHours(1) };
        var alerts = times.Select(t => TestAlerts.Envelope(ClientA) with { ReceivedAt = t }).ToArray();
        await harness.ProcessAsync([.. alerts, TestAlerts.Envelope(ClientB) with { ReceivedAt = Two.AddMinutes(30) }]);

        // Act
        var page = await harness.Reader.ListAsync(new RecordListRequest(ClientA.ToUpperInvariant(), null, null, Two, Two.AddHours(1), 100, null), default);

        // Assert
        Assert.Equal(RecordStatus.Ok, page.Status);
        Assert.Equal(alerts[1..4].Select(a => a.DedupKey).Order(StringComparer.Ordinal), page.Records.Select(r => r.DedupKey).Order(StringComparer.Ordinal));
        Assert.Null(page.Continuation);
    }

    [Fact]
    public async Task Rule_type_and_state_filter_and_without_a_client_every_client_is_listed()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var failed = TestAlerts.Envelope(ClientA, ruleType: "SyncFailed");
        harness.Processing.Dispatcher.Script(failed.DedupKey, DispatchStep.FailPermanently);
        var other = new[] { TestAlerts.Envelope(ClientA, ruleType: "SyncFailed"), TestAlerts.Envelope(ClientB, ruleType: "SyncFailed"), TestAlerts.Envelope(ClientB) };
        await harness.ProcessAsync([failed, .. other]);

        // Act
        var byType = await harness.Reader.ListAsync(new RecordListRequest(null, null, "SyncFailed", null, null, 100, null), default);
        var failedOfA = await harness.Reader.ListAsync(new RecordListRequest(ClientA, AlertRecordState.Failed, "SyncFailed", null, null, 100, null), default);
        var all = await harness.Reader.ListAsync(new RecordListRequest(null, null, null, null, null, 100, null), default);

        // Assert
        Assert.Equal(3, byType.Records.Count);
        Assert.Equal(failed.DedupKey, Assert.Single(failedOfA.Records).DedupKey);
        Assert.Equal(4, all.Records.Count);
    }

    [Fact]
    public async Task The_continuation_walks_every_record_once_in_pages_of_max()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var alerts = Enumerable.Range(0, 7).Select(_ => TestAlerts.Envelope(ClientA)).ToArray();
        await harness.ProcessAsync(alerts);

        // Act
        var seen = new List<string>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var page = await harness.Reader.ListAsync(new RecordListRequest(ClientA, null, null, null, null, 3, continuation), default);
            seen.AddRange(page.Records.Select(r => r.DedupKey));
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null && pages < 10);

        // Assert
        Assert.Equal(alerts.Select(a => a.DedupKey).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_state_filter_pages_through_non_matching_records_without_losing_the_matching_ones()
    {
        // Arrange: the failed ones are spread among completed ones.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var alerts = Enumerable.Range(0, 9).Select(_ => TestAlerts.Envelope(ClientA)).ToArray();
        var failed = alerts.Where((_, i) => i % 3 == 0).ToArray();
        foreach (var alert in failed)
        {
            harness.Processing.Dispatcher.Script(alert.DedupKey, DispatchStep.FailPermanently);
        }

        await harness.ProcessAsync(alerts);

        // Act
        var seen = new List<string>();
        string? continuation = null;
        var calls = 0;
        do
        {
            var page = await harness.Reader.ListAsync(new RecordListRequest(ClientA, AlertRecordState.Failed, null, null, null, 2, continuation), default);
            seen.AddRange(page.Records.Select(r => r.DedupKey));
            continuation = page.Continuation;
            calls++;
        }
        while (continuation is not null && calls < 20);

        // Assert
        Assert.Equal(failed.Select(a => a.DedupKey).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_client_id_and_rule_type_outside_the_tag_alphabet_still_claim_and_are_listed()
    {
        // Arrange: tag values allow only letters, digits and " +-.:=_/"; a refused tag would fail the claim itself.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        const string client = "Client (ü) 'quoted' ~5F";
        const string ruleType = "Push Operation Status Changed()";
        var envelope = TestAlerts.Envelope(client, ruleType: ruleType, ruleTypeKnown: false);
        await harness.ProcessAsync(envelope);

        // Act
        var record = (await harness.Reader.GetAsync(client, envelope.DedupKey, withBody: false, default)).Record;
        var listed = await harness.Reader.ListAsync(new RecordListRequest(client, null, ruleType, Two.AddDays(-30), null, 10, null), default);

        // Assert
        Assert.Equal(AlertRecordState.Completed, record?.State);
        Assert.Equal(envelope.DedupKey, Assert.Single(listed.Records).DedupKey);
    }

    [Theory]
    [InlineData("?client=abc", "Unknown parameter 'client'")]
    [InlineData("?state=done", "state must be")]
    [InlineData("?state=completed,released", "state must be")]
    [InlineData("?state=1", "state must be")]
    [InlineData("?since=2026-03-02T02:00:00", "since must be an ISO 8601 time with its offset")]
    [InlineData("?since=2026-03-02T03:00:00Z&until=2026-03-02T02:00:00Z", "until must be later than since")]
    [InlineData("?max=1001", "max must be")]
    [InlineData("?continuation=garbage!", "continuation")]
    public async Task A_misspelt_or_bad_parameter_is_refused_with_400(string query, string expected)
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);

        // Act
        var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", "https://app.example/api/records" + query), default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endpoint_answers_a_page_with_its_records_and_continuation()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        await harness.ProcessAsync(TestAlerts.Envelope(ClientA), TestAlerts.Envelope(ClientA));
        var url = $"https://app.example/api/records?clientId={ClientA}&state=completed&since=2026-03-02T08:00:00Z&until=2026-03-02T10:00:00%2B00:00&max=1&code=key";

        // Act
        var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", url), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(1, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("completed", json.RootElement.GetProperty("records")[0].GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("continuation").GetString()));
    }
}
