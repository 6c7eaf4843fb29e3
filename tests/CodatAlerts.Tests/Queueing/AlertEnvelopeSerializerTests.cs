using System.Text;
using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;

namespace CodatAlerts.Tests.Queueing;

public sealed class AlertEnvelopeSerializerTests
{
    [Fact]
    public void Serialize_then_deserialize_keeps_every_field()
    {
        // Arrange
        var envelope = Envelope();

        // Act
        var copy = AlertEnvelopeSerializer.Deserialize(AlertEnvelopeSerializer.Serialize(envelope));

        // Assert
        Assert.Equal(envelope, copy);
    }

    [Fact]
    public void Serialize_writes_the_version_as_v_and_enums_as_names()
    {
        // Arrange
        var envelope = Envelope();

        // Act
        var json = Encoding.UTF8.GetString(AlertEnvelopeSerializer.Serialize(envelope));

        // Assert
        Assert.StartsWith("{\"v\":1,", json, StringComparison.Ordinal);
        Assert.Contains("\"shape\":\"Legacy\"", json, StringComparison.Ordinal);
        Assert.Contains("\"delivery\":\"Signed\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("bodyBlob", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"v\":2,\"ingestionId\":\"i\",\"clientId\":\"c\",\"dedupKey\":\"d\",\"dedupKeySource\":\"AlertId\",\"ruleType\":\"r\",\"ruleTypeKnown\":true,\"shape\":\"Legacy\",\"delivery\":\"Legacy\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"partition\":0,\"body\":\"{}\"}")]
    [InlineData("{\"v\":1,\"ingestionId\":\"i\",\"clientId\":\"c\",\"dedupKey\":\"d\",\"dedupKeySource\":\"AlertId\",\"ruleType\":\"r\",\"ruleTypeKnown\":true,\"shape\":\"Legacy\",\"delivery\":\"Legacy\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"partition\":0}")]
    [InlineData("{\"v\":1,\"clientId\":\"c\"}")]
    public void Deserialize_refuses_what_is_not_a_version_1_envelope_with_one_body(string json)
    {
        // Arrange
        var bytes = Encoding.UTF8.GetBytes(json);

        // Act
        var error = Record.Exception(() => AlertEnvelopeSerializer.Deserialize(bytes));

        // Assert
        Assert.IsType<EnvelopeFormatException>(error);
    }

    internal static AlertEnvelope Envelope() => new()
    {
        Version = AlertEnvelope.CurrentVersion,
        IngestionId = "0192f0c1a2b37c3d8e9f000000000001",
        ClientId = "bae71d36-ff47-420a-b4a6-f8c9ddf41140",
        DedupKey = "msg_p5jXN8AQM9LWM0D4loKWxJek",
        DedupKeySource = DedupKeySource.WebhookId,
        RuleType = "DataSyncCompleted",
        RuleTypeKnown = true,
        Shape = AlertShape.Legacy,
        Delivery = DeliveryMode.Signed,
        ReceivedAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
        Partition = 7,
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        Body = "{\"RuleType\":\"Data sync completed\",\"AlertId\":\"x\"}",
    };
}
