using System.Text.Json;
using Azure.Storage.Queues.Models;
using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;

namespace CodatAlerts.Tests.Processing;

public sealed class PoisonMessageTests
{
    private static readonly AlertEnvelope Envelope = new()
    {
        Version = AlertEnvelope.CurrentVersion,
        IngestionId = "ing-1",
        ClientId = "bae71d36-ff47-420a-b4a6-f8c9ddf41140",
        DedupKey = "msg_p5jXN8AQM9LWM0D4loKWxJek",
        DedupKeySource = DedupKeySource.WebhookId,
        RuleType = "read.completed",
        RuleTypeKnown = true,
        Shape = AlertShape.Event,
        Delivery = DeliveryMode.Signed,
        ReceivedAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
        Partition = 4,
        Body = """{"id":"x"}"""u8.ToArray(),
    };

    private static QueueMessage Message(BinaryData body) => QueuesModelFactory.QueueMessage("message-7", "receipt", body, dequeueCount: 2);

    [Fact]
    public void The_wrapper_keeps_the_envelope_intact_and_carries_the_reason()
    {
        // Arrange
        var original = BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(Envelope));
        var poison = PoisonMessage.Create(Message(original), "cannot parse", DateTimeOffset.UnixEpoch);

        // Act
        var read = PoisonMessage.Read(poison);

        // Assert
        Assert.Equal(Envelope with { Body = null }, read.Envelope! with { Body = null });
        Assert.Equal(Envelope.Body, read.Envelope.Body);
        Assert.Equal("cannot parse", read.Reason);
        using var json = JsonDocument.Parse(poison);
        Assert.Equal("message-7", json.RootElement.GetProperty("originalMessageId").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("dequeueCount").GetInt64());
    }

    [Fact]
    public void A_message_that_is_not_json_travels_in_base64_and_comes_back_byte_for_byte()
    {
        // Arrange
        var original = BinaryData.FromBytes([0x00, 0xFF, 0x7B, 0x0A]);

        // Act
        var read = PoisonMessage.Read(PoisonMessage.Create(Message(original), "unreadable", DateTimeOffset.UnixEpoch));

        // Assert
        Assert.Equal(original.ToArray(), read.OriginalMessage.ToArray());
        Assert.Null(read.Envelope);
    }

    [Fact]
    public void The_hosts_bare_copy_is_read_as_the_original_message_without_a_reason()
    {
        // Arrange
        var original = BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(Envelope));

        // Act
        var read = PoisonMessage.Read(original);

        // Assert
        Assert.Same(original, read.OriginalMessage);
        Assert.Equal(Envelope with { Body = null }, read.Envelope! with { Body = null });
        Assert.Equal(Envelope.Body, read.Envelope.Body);
        Assert.Null(read.Reason);
    }
}
