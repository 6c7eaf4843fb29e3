using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Functions;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Poison;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>GET /api/poison on Azurite: peeked, bounded, tolerant of messages that are not envelopes.</summary>
[Collection("Azurite")]
public sealed class PoisonListTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_poisoned_alert_is_listed_with_its_reason_and_stays_visible_with_its_dequeue_count_untouched()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(3));

        // Act: listed twice; a listing that received would hide the message from the second one.
        var first = await ListAsync(harness, "");
        var second = await ListAsync(harness, "?partition=3");

        // Assert
        var message = Assert.Single(first.GetProperty("messages").EnumerateArray());
        Assert.Equal(3, message.GetProperty("partition").GetInt32());
        Assert.Equal(envelope.ClientId, message.GetProperty("clientId").GetString());
        Assert.Equal(envelope.DedupKey, message.GetProperty("dedupKey").GetString());
        Assert.Equal(envelope.RuleType, message.GetProperty("ruleType").GetString());
        Assert.Equal(envelope.ReceivedAt, message.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.False(string.IsNullOrEmpty(message.GetProperty("reason").GetString()));
        Assert.NotEqual(JsonValueKind.Null, message.GetProperty("poisonedAt").ValueKind);
        Assert.True(first.GetProperty("complete").GetBoolean());
        Assert.Single(second.GetProperty("messages").EnumerateArray());
        var stored = (await harness.Storage.Poison.Queue(3).ReceiveMessagesAsync(1)).Value.Single();
        Assert.Equal(1, stored.DequeueCount); // This receive is the first: the listings only peeked.
    }

    [Fact]
    public async Task A_message_that_is_not_an_envelope_or_not_base64_is_listed_with_what_is_known()
    {
        // Arrange: text put on a poison queue by hand, as the host copies a message that was never base64.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        await harness.Storage.Poison.Queue(5).SendMessageAsync("not base64 <b>nor an envelope</b>");

        // Act
        var list = await ListAsync(harness, "?partition=5");

        // Assert
        var message = Assert.Single(list.GetProperty("messages").EnumerateArray());
        Assert.Equal(5, message.GetProperty("partition").GetInt32());
        Assert.False(string.IsNullOrEmpty(message.GetProperty("messageId").GetString()));
        Assert.Equal(JsonValueKind.Null, message.GetProperty("dedupKey").ValueKind);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("clientId").ValueKind);
    }

    [Fact]
    public async Task The_limit_bounds_the_listing_and_says_it_is_not_complete()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(1));
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(6));

        // Act
        var list = await ListAsync(harness, "?limit=1");

        // Assert
        Assert.Equal(1, Assert.Single(list.GetProperty("messages").EnumerateArray()).GetProperty("partition").GetInt32());
        Assert.False(list.GetProperty("complete").GetBoolean());
    }

    [Theory]
    [InlineData("?limit=501")]
    [InlineData("?limit=0")]
    [InlineData("?partition=8")]
    [InlineData("?partition=")]
    [InlineData("?clientId=x")]
    public async Task A_limit_or_partition_out_of_range_is_refused_with_400(string query)
    {
        await using var harness = await ProcessingHarness.CreateAsync(azurite);

        var response = await RunAsync(harness, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_partition_whose_poison_queue_was_never_created_lists_nothing_instead_of_failing()
    {
        // Arrange: no alert of partition 2 was ever poisoned, so the host never created its poison queue.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        await harness.Storage.Poison.Queue(2).DeleteIfExistsAsync();
        await PoisonAsync(harness, HostPoisonSweepTests.ClientOn(4));

        try
        {
            // Act
            var list = await ListAsync(harness, "");

            // Assert
            Assert.Equal(4, Assert.Single(list.GetProperty("messages").EnumerateArray()).GetProperty("partition").GetInt32());
        }
        finally
        {
            await harness.Storage.Poison.Queue(2).CreateIfNotExistsAsync();
        }
    }

    [Fact]
    public async Task Storage_failing_answers_503_with_retry_after_instead_of_500()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        harness.Faults.FailNext(Azure.Core.RequestMethod.Get, AlertPartitions.PoisonQueueName(0));

        // Act
        var response = await RunAsync(harness, "");

        // Assert
        Assert.Equal(1, harness.Faults.Injected);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Retry-After", out _));
    }

    private static async Task<AlertEnvelope> PoisonAsync(ProcessingHarness harness, string client)
    {
        var envelope = TestAlerts.Envelope(client);
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();
        return envelope;
    }

    private static async Task<JsonElement> ListAsync(ProcessingHarness harness, string query)
    {
        var response = await RunAsync(harness, query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(response.ReadBody()).RootElement.Clone();
    }

    private static async Task<TestHttpResponseData> RunAsync(ProcessingHarness harness, string query)
    {
        var listing = new PoisonListing(harness.Storage, NullLogger<PoisonListing>.Instance);
        var request = new TestHttpRequestData(FunctionContexts.For(nameof(ListPoison)), new MemoryStream(), "GET", new Uri("https://app.example/api/poison" + query));
        return (TestHttpResponseData)await new ListPoison(listing).Run(request, default);
    }
}
