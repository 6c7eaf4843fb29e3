using Azure.Storage.Queues.Models;
using CodatAlerts.Journey;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing;

/// <summary>
/// The processor's lines of an alert's journey, each written after the write that made it true. A journey that
/// cannot be written is logged and skipped: it never changes how the message ends.
/// </summary>
internal sealed class ProcessingJourney(IAlertJourney journey, TimeProvider time, ILogger logger)
{
    // JourneyEvent.Error: "cut to a few hundred characters".
    private const int MaxErrorLength = 500;

    public Task ClaimedAsync(AlertEnvelope envelope, QueueMessage message, ClaimResult claimed) =>
        AppendAsync(envelope, message, JourneyEventKinds.Claimed, e => e with
        {
            Attempt = claimed.Claim!.Attempt,
            Outcome = claimed.TookOver ? $"takeover-{AlertRecordMetadata.Format(claimed.Existing!.State)}" : null,
        });

    public Task DuplicateAsync(AlertEnvelope envelope, QueueMessage message, string found) =>
        AppendAsync(envelope, message, JourneyEventKinds.Duplicate, e => e with { Outcome = found });

    public Task DeferredAsync(AlertEnvelope envelope, QueueMessage message, DateTimeOffset nextAttemptAt) =>
        AppendAsync(envelope, message, JourneyEventKinds.Deferred, e => e with { Outcome = "busy", NextAttemptAt = nextAttemptAt });

    public Task AttemptFailedAsync(AlertEnvelope envelope, QueueMessage message, int attempt, string error, DateTimeOffset nextAttemptAt) =>
        AppendAsync(envelope, message, JourneyEventKinds.AttemptFailed, e => e with { Attempt = attempt, Error = Cut(error), NextAttemptAt = nextAttemptAt });

    public Task PoisonedAsync(AlertEnvelope envelope, QueueMessage message, int? attempt, string reason) =>
        AppendAsync(envelope, message, JourneyEventKinds.Poisoned, e => e with { Attempt = attempt, Error = Cut(reason) });

    public Task CompletedAsync(AlertEnvelope envelope, QueueMessage message, int attempt, string outcome) =>
        AppendAsync(envelope, message, JourneyEventKinds.Completed, e => e with { Attempt = attempt, Outcome = outcome });

    private async Task AppendAsync(AlertEnvelope envelope, QueueMessage message, string kind, Func<JourneyEvent, JourneyEvent> details)
    {
        var journeyEvent = details(new JourneyEvent
        {
            Kind = kind,
            At = time.GetUtcNow(),
            IngestionId = envelope.IngestionId,
            ReceivedAt = envelope.ReceivedAt,
            Delivery = envelope.Delivery,
            MessageId = message.MessageId,
            DequeueCount = message.DequeueCount,
        });
        try
        {
            await journey.AppendAsync(envelope.ClientId, envelope.DedupKey, journeyEvent, CancellationToken.None);
        }
#pragma warning disable CA1031 // The journey explains; it never decides. A lost line must not re-run or lose the alert.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ProcessingLog.JourneyFailed(logger, ex, kind);
        }
    }

    private static string Cut(string text) =>
        text.Length <= MaxErrorLength ? text : text[..(char.IsHighSurrogate(text[MaxErrorLength - 1]) ? MaxErrorLength - 1 : MaxErrorLength)];
}
