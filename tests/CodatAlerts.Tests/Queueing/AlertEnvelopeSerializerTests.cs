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

        // Assert: records compare arrays by reference, so the body is compared by content.
        Assert.Equal(envelope with { Body = null }, copy with { Body = null });
        Assert.Equal(envelope.Body, copy.Body);
    }

    [Fact]
    public void Serialize_writes_the_exact_body_bytes_as_base64_even_when_they_are_not_utf8()
    {
        // Arrange
        byte[] body = [.. "{\"AlertId\":\"x\",\"m\":\""u8, 0xFF, 0xC3, 0x28, .. "\"}"u8];
        var envelope = Envelope() with { Body = body };

        // Act
        var bytes = AlertEnvelopeSerializer.Serialize(envelope);
        var json = Encoding.UTF8.GetString(bytes);

        // Assert
        Assert.Contains($"\"rawBody\":\"{Convert.ToBase64String(body)}\"", json, StringComparison.Ordinal);
        Assert.Equal(body, AlertEnvelopeSerializer.Deserialize(bytes).Body);
    }

    [Fact]
    public void A_version_1_envelope_already_in_a_queue_is_still_read_with_its_text_body_as_utf8_bytes()
    {
        // Arrange: exactly what the previous build wrote (body as a JSON string, escaped by the default encoder).
        const string json = """
            {"v":1,"ingestionId":"i-1","clientId":"c","dedupKey":"d","dedupKeySource":"AlertId","ruleType":"DataSyncCompleted",
            "ruleTypeKnown":true,"shape":"Legacy","delivery":"Legacy","receivedAt":"2026-01-01T00:00:00Z","partition":3,
            "body":"{\u0022RuleType\u0022:\u0022Data sync completed\u0022,\u0022AlertId\u0022:\u0022d\u0022,\u0022n\u0022:\u0022caf\u00E9\u0022}"}
            """;

        // Act
        var envelope = AlertEnvelopeSerializer.Deserialize(Encoding.UTF8.GetBytes(json));

        // Assert
        Assert.Equal(AlertEnvelope.TextBodyVersion, envelope.Version);
        Assert.Equal("""{"RuleType":"Data sync completed","AlertId":"d","n":"café"}"""u8.ToArray(), envelope.Body);
        Assert.Null(envelope.BodyBlob);
        Assert.Equal(3, envelope.Partition);
    }

    [Fact]
    public void A_version_1_claim_checked_envelope_is_still_read_with_its_blob()
    {
        // Arrange
        const string json = """
            {"v":1,"ingestionId":"i-1","clientId":"c","dedupKey":"d","dedupKeySource":"AlertId","ruleType":"DataSyncCompleted",
            "ruleTypeKnown":true,"shape":"Legacy","delivery":"Legacy","receivedAt":"2026-01-01T00:00:00Z","partition":3,
            "bodyBlob":"i-1.json"}
            """;

        // Act
        var envelope = AlertEnvelopeSerializer.Deserialize(Encoding.UTF8.GetBytes(json));

        // Assert
        Assert.Null(envelope.Body);
        Assert.Equal("i-1.json", envelope.BodyBlob);
    }

    [Fact]
    public void Serialize_writes_the_version_as_v_and_enums_as_names()
    {
        // Arrange
        var envelope = Envelope();

        // Act
        var json = Encoding.UTF8.GetString(AlertEnvelopeSerializer.Serialize(envelope));

        // Assert
        Assert.StartsWith("{\"v\":2,", json, StringComparison.Ordinal);
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
    [InlineData("{\"v\":1,\"ingestionId\":\"i\",\"clientId\":\"c\",\"dedupKey\":\"d\",\"dedupKeySource\":\"AlertId\",\"ruleType\":\"r\",\"ruleTypeKnown\":true,\"shape\":\"Legacy\",\"delivery\":\"Legacy\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"partition\":0,\"rawBody\":\"e30=\"}")]
    [InlineData("{\"v\":3,\"ingestionId\":\"i\",\"clientId\":\"c\",\"dedupKey\":\"d\",\"dedupKeySource\":\"AlertId\",\"ruleType\":\"r\",\"ruleTypeKnown\":true,\"shape\":\"Legacy\",\"delivery\":\"Legacy\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"partition\":0,\"rawBody\":\"e30=\"}")]
    public void Deserialize_refuses_what_is_not_a_supported_envelope_with_one_body(string json)
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
        Body = "{\"RuleType\":\"Data sync completed\",\"AlertId\":\"x\"}"u8.ToArray(),
    };
}
