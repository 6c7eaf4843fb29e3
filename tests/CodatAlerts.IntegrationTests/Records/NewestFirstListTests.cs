using System.Net;
using System.Text.Json;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Records;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary><c>GET /api/records?order=newest</c>: newest receipt first, every record once, bounded index calls per page.</summary>
[Collection("Azurite")]
public sealed class NewestFirstListTests(AzuriteFixture azurite)
{
    private const string ClientA = "aaaaaaaa-1111-4111-8111-111111111111";
    private const string ClientB = "bbbbbbbb-2222-4222-9222-222222222222";

    [Fact]
    public async Task Pages_walk_every_record_once_newest_first_including_ties_and_days_old_ones()
    {
        // Arrange: receipts from a minute to 20 days ago, two in the same tick, two clients.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var now = ProcessingHarness.Start;
        TimeSpan[] ages = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), TimeSpan.FromHours(3), TimeSpan.FromHours(5), TimeSpan.FromDays(1), TimeSpan.FromDays(2.5), TimeSpan.FromDays(20)];
        var alerts = ages.Select((age, i) => TestAlerts.Envelope(i % 2 == 0 ? ClientA : ClientB) with { ReceivedAt = now - age }).ToArray();
        await harness.ProcessAsync(alerts);
        var counter = new RequestCounter();
        var reader = new AlertRecordReader(counter.Client(azurite), harness.Processing.Time, NullLogger<AlertRecordReader>.Instance);

        // Act
        var seen = new List<(DateTimeOffset At, string Key)>();
        var indexCalls = new List<int>();
        string? continuation = null;
        do
        {
            counter.Reset();
            var page = await reader.ListAsync(new RecordListRequest(null, null, null, null, null, 3, continuation) { Order = RecordOrder.Newest }, default);
            indexCalls.Add(counter.IndexCalls);
            Assert.True(counter.PropertyReads <= 3);
            seen.AddRange(page.Records.Select(r => (r.ReceivedAt!.Value, r.DedupKey)));
            continuation = page.Continuation;
        }
        while (continuation is not null && indexCalls.Count < 20);

        // Assert
        Assert.Equal(alerts.Select(a => a.DedupKey).Order(StringComparer.Ordinal), seen.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.Equal(seen.Select(s => s.At).OrderDescending(), seen.Select(s => s.At));
        Assert.All(indexCalls, calls => Assert.InRange(calls, 1, NewestWindow.MaxIndexCalls));
    }

    [Fact]
    public async Task Newest_first_keeps_the_client_and_window_filters()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var now = ProcessingHarness.Start;
        var inside = Enumerable.Range(1, 4).Select(i => TestAlerts.Envelope(ClientA) with { ReceivedAt = now.AddMinutes(-10 * i) }).ToArray();
        var outside = new[] { TestAlerts.Envelope(ClientA) with { ReceivedAt = now.AddHours(-2) }, TestAlerts.Envelope(ClientB) with { ReceivedAt = now.AddMinutes(-5) } };
        await harness.ProcessAsync([.. inside, .. outside]);
        var since = Uri.EscapeDataString(AlertRecordTags.Time(now.AddHours(-1)));

        // Act
        var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records?order=newest&clientId={ClientA}&since={since}&limit=10"), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(inside.Select(a => a.DedupKey), json.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("dedupKey").GetString()));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("continuation").ValueKind);
    }

    [Fact]
    public async Task A_name_order_token_is_refused_for_newest_first()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var token = RecordListQuery.Token(null, 5, "x");

        // Act
        var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records?order=newest&continuation={token}"), default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_company_search_finds_that_companys_legacy_and_event_alerts_only()
    {
        // Arrange: a legacy alert (CompanyId) and a signed event (payload.referenceCompany.id) of one company, one of another.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        const string Company = "8a210b68-6988-11ed-a1eb-0242ac120002";
        var legacy = WithBody(TestAlerts.Envelope(ClientA), $"{{\"CompanyId\":\"{Company.ToUpperInvariant()}\",\"RuleType\":\"Data sync completed\",\"AlertId\":\"x\"}}");
        var signed = WithBody(TestAlerts.Envelope(ClientB), $"{{\"id\":\"e1\",\"eventType\":\"read.completed\",\"payload\":{{\"dataType\":\"invoices\",\"referenceCompany\":{{\"name\":\"n\",\"id\":\"{Company}\"}}}}}}");
        var other = WithBody(TestAlerts.Envelope(ClientA), "{\"CompanyId\":\"11111111-0000-0000-0000-000000000000\",\"AlertId\":\"y\"}");
        await harness.ProcessAsync(legacy, signed, other);

        // Act
        var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records?order=newest&companyId={Company}"), default);
        var ofClientA = await harness.Reader.ListAsync(new RecordListRequest(ClientA, null, null, null, null, 10, null) { CompanyId = Company }, default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(
            new[] { legacy.DedupKey, signed.DedupKey }.Order(StringComparer.Ordinal),
            json.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("dedupKey").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(legacy.DedupKey, Assert.Single(ofClientA.Records).DedupKey);
    }

    private static CodatAlerts.Queueing.AlertEnvelope WithBody(CodatAlerts.Queueing.AlertEnvelope envelope, string body) =>
        envelope with { Body = System.Text.Encoding.UTF8.GetBytes(body) };
}
