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

    // Worst cases of the reason: long ASCII, characters JSON escapes (6 bytes each), and surrogate pairs (12 bytes).
    public static TheoryData<int, string> Limits()
    {
        var data = new TheoryData<int, string>();
        string[] reasons = [new string('r', 100_000), string.Concat(Enumerable.Repeat("é\"<", 40_000)), string.Concat(Enumerable.Repeat("😀", 40_000))];
        foreach (var size in new[] { 100, 30_000, PoisonMessage.MaxMessageBytes - 1_000, PoisonMessage.MaxMessageBytes - 250 })
        {
            foreach (var reason in reasons)
            {
                data.Add(size, reason);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void A_poison_message_always_fits_a_queue_message_and_keeps_the_original_exactly(int originalBytes, string reason)
    {
        // Arrange: the largest message id and dequeue count there can be.
        var original = JsonOfSize(originalBytes);
        var message = QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "receipt", original, dequeueCount: long.MaxValue);

        // Act
        var poison = PoisonMessage.Create(message, reason, DateTimeOffset.MaxValue);

        // Assert
        Assert.InRange(poison.ToMemory().Length, 0, PoisonMessage.MaxMessageBytes);
        Assert.InRange(Convert.ToBase64String(poison.ToMemory().Span).Length, 0, 64 * 1024);
        var read = PoisonMessage.Read(poison);
        Assert.Equal(original.ToArray(), read.OriginalMessage.ToArray());
        Assert.NotNull(read.Reason);
        Assert.StartsWith(read.Reason, reason, StringComparison.Ordinal);
        Assert.NotEmpty(read.Reason);
    }

    [Theory]
    [InlineData("r")]
    [InlineData("é\"<")]
    [InlineData("😀")]
    public void The_largest_envelope_the_intake_writes_inline_is_poisoned_with_its_reason(string reasonUnit)
    {
        // Arrange: an envelope at the inline limit, the largest message id and dequeue count there can be.
        var original = JsonOfSize(CodatAlerts.Queueing.QueueingOptions.MaxInlineEnvelopeLimit);
        var message = QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "receipt", original, dequeueCount: long.MaxValue);
        var reason = string.Concat(Enumerable.Repeat(reasonUnit, 10_000));

        // Act
        var poison = PoisonMessage.Create(message, reason, DateTimeOffset.MaxValue);

        // Assert: wrapped, not written back bare, and the reason keeps a useful length.
        var read = PoisonMessage.Read(poison);
        Assert.NotNull(read.Reason);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(read.Reason), 256, int.MaxValue);
        Assert.Equal(original.ToArray(), read.OriginalMessage.ToArray());
        Assert.InRange(poison.ToMemory().Length, 0, PoisonMessage.MaxMessageBytes);
    }

    [Fact]
    public void An_original_too_large_to_wrap_is_written_back_bare_and_still_fits()
    {
        // Arrange: a message as full as a queue message can be (not one the intake writes: a hand-made or foreign one).
        var original = JsonOfSize(PoisonMessage.MaxMessageBytes);
        var message = QueuesModelFactory.QueueMessage("message-1", "receipt", original, dequeueCount: 1);

        // Act
        var poison = PoisonMessage.Create(message, "cannot parse", DateTimeOffset.UnixEpoch);

        // Assert
        Assert.Equal(original.ToArray(), poison.ToArray());
    }

    [Fact]
    public void A_cut_reason_never_splits_a_character()
    {
        // Arrange
        var reason = string.Concat(Enumerable.Repeat("😀", 100));

        // Act: room for 2.5 escaped pairs (12 bytes each).
        var fitted = PoisonMessage.Fit(reason, 30);

        // Assert
        Assert.Equal("😀😀", fitted);
    }

    private static BinaryData JsonOfSize(int bytes)
    {
        const string Start = """{"v":1,"pad":" """;
        var prefix = Start.TrimEnd();
        return BinaryData.FromString(prefix + new string('x', bytes - prefix.Length - 2) + "\"}");
    }
}
