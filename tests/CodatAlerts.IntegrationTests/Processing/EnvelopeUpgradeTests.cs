using System.Text;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Version 2 envelopes carry the exact received bytes. Messages the previous build queued (version 1, body as a JSON
/// string) can still be waiting in a partition or poison queue during and after an upgrade, and must still be processed.
/// </summary>
[Collection("Azurite")]
public sealed class EnvelopeUpgradeTests(AzuriteFixture azurite)
{
    private const string Client = "0a7e55c1-3b2d-4e6f-8a9b-1c2d3e4f5a6b";

    [Fact]
    public async Task A_version_1_envelope_left_in_a_queue_by_the_previous_build_is_processed_and_archived_as_its_text()
    {
        // Arrange: the message exactly as the previous build wrote it (default encoder escapes, body as a string).
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var key = Guid.NewGuid().ToString();
        var body = CodatSamples.WithFreshId(CodatSamples.Legacy["03-data-sync-completed"], key);
        var message = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["v"] = 1,
            ["ingestionId"] = Guid.NewGuid().ToString("N"),
            ["clientId"] = Client,
            ["dedupKey"] = key,
            ["dedupKeySource"] = "AlertId",
            ["ruleType"] = "DataSyncCompleted",
            ["ruleTypeKnown"] = true,
            ["shape"] = "Legacy",
            ["delivery"] = "Legacy",
            ["receivedAt"] = ProcessingHarness.Start,
            ["partition"] = 2,
            ["body"] = body,
        });
        var queue = AlertPartitions.QueueName(2);
        await harness.Queues.GetQueueClient(queue).SendMessageAsync(BinaryData.FromString(message));

        // Act
        var result = await harness.Processor.ProcessAsync(queue, await harness.ReceiveAsync(queue), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Handled, result.Outcome);
        Assert.Equal(1, harness.Dispatcher.Handled[key]);
        var archived = harness.Blobs.GetBlobContainerClient(AlertContainers.Records).GetBlobClient(AlertRecordName.For(Client, key));
        Assert.Equal(Encoding.UTF8.GetBytes(body), (await archived.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task A_version_2_body_that_is_not_valid_utf8_is_archived_byte_exact()
    {
        // Arrange: what the intake accepts when only a skipped field is broken.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        var close = Array.LastIndexOf(envelope.Body!, (byte)'}');
        byte[] body = [.. envelope.Body!.AsSpan(0, close), .. ",\"Note\":\""u8, 0xFF, 0xC3, 0x28, .. "\"}"u8];
        envelope = envelope with { Body = body };
        await harness.EnqueueAsync(envelope);
        var queue = AlertPartitions.QueueName(envelope.Partition);

        // Act
        var result = await harness.Processor.ProcessAsync(queue, await harness.ReceiveAsync(queue), default);

        // Assert
        Assert.Equal(ProcessingOutcome.Handled, result.Outcome);
        var archived = harness.Blobs.GetBlobContainerClient(AlertContainers.Records).GetBlobClient(AlertRecordName.For(Client, envelope.DedupKey));
        Assert.Equal(body, (await archived.DownloadContentAsync()).Value.Content.ToArray());
    }
}
