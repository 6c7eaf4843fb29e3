using System.Text;
using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>Envelopes as the intake writes them, around Codat's example bodies with fresh ids.</summary>
internal static class TestAlerts
{
    public const string RuleType = "DataSyncCompleted";

    public static AlertEnvelope Envelope(string clientId, string? dedupKey = null, string ruleType = RuleType, bool ruleTypeKnown = true)
    {
        var key = dedupKey ?? Guid.NewGuid().ToString();
        return new AlertEnvelope
        {
            Version = AlertEnvelope.CurrentVersion,
            IngestionId = Guid.NewGuid().ToString(),
            ClientId = clientId,
            DedupKey = key,
            DedupKeySource = DedupKeySource.AlertId,
            RuleType = ruleType,
            RuleTypeKnown = ruleTypeKnown,
            Shape = AlertShape.Legacy,
            Delivery = DeliveryMode.Legacy,
            ReceivedAt = ProcessingHarness.Start,
            Partition = PartitionRouter.HashPartition(clientId),
            Body = Encoding.UTF8.GetBytes(CodatSamples.WithFreshId(CodatSamples.Legacy["03-data-sync-completed"], key)),
        };
    }

    /// <summary>A second delivery of the same alert: same dedup key, its own ingestion id.</summary>
    public static AlertEnvelope Redelivery(AlertEnvelope original) => original with { IngestionId = Guid.NewGuid().ToString() };
}
