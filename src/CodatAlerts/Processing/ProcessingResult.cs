using CodatAlerts.Queueing;

namespace CodatAlerts.Processing;

/// <summary>What processing one message came to: the hook for metrics (outcome, rule type, client, lag from <see cref="AlertEnvelope.ReceivedAt"/>).</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Envelope">The envelope, or null when the message was not a readable envelope.</param>
/// <param name="Reason">For <see cref="ProcessingOutcome.Poisoned"/>: why.</param>
public sealed record ProcessingResult(ProcessingOutcome Outcome, AlertEnvelope? Envelope, string? Reason = null);
