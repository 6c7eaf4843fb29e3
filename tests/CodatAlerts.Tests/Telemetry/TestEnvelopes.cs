using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>Envelopes for telemetry tests, each with a fresh client ID so that parallel tests never share a series.</summary>
internal static class TestEnvelopes
{
    public static AlertEnvelope For(
        string? clientId = null,
        string ruleType = "DataSyncCompleted",
        int partition = 3,
        DateTimeOffset? receivedAt = null) => new()
        {
            Version = AlertEnvelope.CurrentVersion,
            IngestionId = Guid.NewGuid().ToString(),
            ClientId = clientId ?? NewClientId(),
            DedupKey = Guid.NewGuid().ToString(),
            DedupKeySource = DedupKeySource.AlertId,
            RuleType = ruleType,
            RuleTypeKnown = true,
            Shape = AlertShape.Legacy,
            Delivery = DeliveryMode.Legacy,
            ReceivedAt = receivedAt ?? new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
            Partition = partition,
            Body = """{"AlertId":"x","RuleType":"Data sync completed"}"""u8.ToArray(),
        };

    public static string NewClientId() => Guid.NewGuid().ToString();
}
