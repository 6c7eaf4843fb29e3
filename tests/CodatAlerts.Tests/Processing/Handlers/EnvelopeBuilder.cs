using System.Text;
using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;

namespace CodatAlerts.Tests.Processing.Handlers;

/// <summary>Builds the queue envelope the intake would write for a body, classifying it the same way.</summary>
internal static class EnvelopeBuilder
{
    public const string ClientId = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    public static readonly DateTimeOffset ReceivedAt = new(2024, 9, 29, 20, 26, 11, TimeSpan.Zero);

    public static AlertEnvelope For(string body, string? webhookId = null)
    {
        var ok = AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), webhookId, out var classification, out var error);
        Assert.True(ok, error?.Detail);
        return new AlertEnvelope
        {
            Version = AlertEnvelope.CurrentVersion,
            IngestionId = "ingestion-1",
            ClientId = ClientId,
            DedupKey = classification!.DedupKey,
            DedupKeySource = classification.DedupKeySource,
            RuleType = classification.RuleTypeName,
            RuleTypeQualifier = classification.Match?.Qualifier,
            RuleTypeKnown = classification.Match is not null,
            Shape = classification.Shape,
            Delivery = webhookId is null ? DeliveryMode.Legacy : DeliveryMode.Signed,
            ReceivedAt = ReceivedAt,
            Partition = 3,
            Body = Encoding.UTF8.GetBytes(body),
        };
    }
}
