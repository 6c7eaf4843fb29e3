using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>Issue 17 item 8, operator API: exact bytes, empty filters, an empty list before the first alert, bounded reads.</summary>
[Collection("Azurite")]
public sealed class RecordsApiGuardTests(AzuriteFixture azurite)
{
    private const string Client = "aaaaaaaa-1111-4111-8111-111111111111";

    // Valid JSON framing with an invalid UTF-8 byte inside a string: exactly what the intake archives and poisons.
    private static readonly byte[] InvalidUtf8Json = [.. "{\"AlertId\":\"a"u8, 0xFF, 0xC3, .. "\"}"u8];

    [Fact]
    public async Task A_json_body_with_invalid_utf8_inside_a_string_comes_back_as_its_exact_bytes_never_as_altered_json()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        await ArchiveAsync(harness, "bad-utf8", InvalidUtf8Json);

        // Act
        var response = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/bad-utf8?body=true"), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(InvalidUtf8Json, json.RootElement.GetProperty("bodyBase64").GetBytesFromBase64());
        Assert.False(json.RootElement.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task The_body_endpoint_answers_the_archived_bytes_as_a_download()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        await ArchiveAsync(harness, "bad-utf8", InvalidUtf8Json);

        // Act
        var response = (TestHttpResponseData)await harness.BodyFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/bad-utf8/body"), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(InvalidUtf8Json, ((MemoryStream)response.Body).ToArray());
        Assert.Equal("application/octet-stream", response.Header("Content-Type"));
        Assert.StartsWith("attachment", response.Header("Content-Disposition"), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
    }

    [Fact]
    public async Task A_reader_gets_403_for_a_body_by_either_route_and_no_byte_of_it()
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        await ArchiveAsync(harness, "secret", "{\"AlertId\":\"customer-data\"}"u8.ToArray());

        // Act
        var lookup = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/secret?body=true", RecordsHarness.ReaderRole), default);
        var download = (TestHttpResponseData)await harness.BodyFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/secret/body", RecordsHarness.ReaderRole), default);
        var plain = (TestHttpResponseData)await harness.GetFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records/{Client}/secret", RecordsHarness.ReaderRole), default);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.DoesNotContain("customer-data", lookup.ReadBody(), StringComparison.Ordinal);
        Assert.DoesNotContain("customer-data", download.ReadBody(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Theory]
    [InlineData("?clientId=")]
    [InlineData("?clientId=%20")]
    [InlineData("?ruleType=")]
    [InlineData("?state=")]
    [InlineData("?since=")]
    [InlineData("?until=")]
    [InlineData("?companyId=")]
    [InlineData("?clientId=a&clientId=")]
    public async Task An_empty_filter_value_is_refused_rather_than_read_as_no_filter(string query)
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);

        // Act
        var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", "https://app.example/api/records" + query), default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is empty", JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("newest")]
    public async Task Before_the_first_alert_the_records_container_is_missing_and_the_list_is_empty_not_503(string order)
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        await harness.Container.DeleteIfExistsAsync();
        try
        {
            // Act
            var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", $"https://app.example/api/records?order={order}"), default);

            // Assert
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(response.ReadBody());
            Assert.Equal(0, json.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("continuation").ValueKind);
        }
        finally
        {
            await harness.Container.CreateIfNotExistsAsync();
        }
    }

    [Fact]
    public async Task A_state_filter_reads_at_most_limit_records_per_call_however_few_match()
    {
        // Arrange: 40 completed alerts and 1 failed one; each call may read only 5 records.
        await using var harness = await RecordsHarness.CreateAsync(azurite);
        var alerts = Enumerable.Range(0, 41).Select(_ => TestAlerts.Envelope(Client)).ToArray();
        harness.Processing.Dispatcher.Script(alerts[20].DedupKey, DispatchStep.FailPermanently);
        await harness.ProcessAsync(alerts);
        var counter = new RequestCounter();
        var reader = new AlertRecordReader(counter.Client(azurite), harness.Processing.Time, NullLogger<AlertRecordReader>.Instance);

        // Act: walk every page, counting each call's requests.
        var found = new List<string>();
        var perCall = new List<(int Reads, int Index)>();
        string? continuation = null;
        do
        {
            counter.Reset();
            var page = await reader.ListAsync(new RecordListRequest(Client, AlertRecordState.Failed, null, null, null, 5, continuation), default);
            perCall.Add((counter.PropertyReads, counter.IndexCalls));
            found.AddRange(page.Records.Select(r => r.DedupKey));
            continuation = page.Continuation;
        }
        while (continuation is not null && perCall.Count < 50);

        // Assert
        Assert.Equal([alerts[20].DedupKey], found);
        Assert.All(perCall, call => Assert.True(call.Reads <= 5 && call.Index <= 2, $"{call.Reads} reads, {call.Index} index calls"));
        Assert.InRange(perCall.Count, 9, 10);
    }

    [Theory]
    [InlineData("2026-03-02T02:00:00")]
    [InlineData("2026-03-02")]
    [InlineData("2026-03-02T02:00:00 01:00")] // '+' sent unencoded arrives as a space
    public async Task A_time_without_an_explicit_offset_is_refused(string since)
    {
        // Arrange
        await using var harness = await RecordsHarness.CreateAsync(azurite);

        // Act
        var response = (TestHttpResponseData)await harness.ListFunction.Run(RecordsHarness.Request("GET", "https://app.example/api/records?since=" + Uri.EscapeDataString(since)), default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("with its offset", response.ReadBody(), StringComparison.Ordinal);
    }

    private static async Task ArchiveAsync(RecordsHarness harness, string key, byte[] bytes)
    {
        var blob = harness.Container.GetBlobClient(AlertRecordName.For(Client, key));
        var metadata = new Dictionary<string, string>
        {
            [AlertRecordMetadata.State] = "failed",
            [AlertRecordMetadata.ClientId] = Client,
            [AlertRecordMetadata.DedupKey] = key,
        };
        await blob.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions { Metadata = metadata });
    }
}
