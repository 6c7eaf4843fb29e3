using CodatAlerts.Queueing;

namespace CodatAlerts.Processing;

/// <summary>A message found in a poison queue, unwrapped.</summary>
/// <param name="OriginalMessage">The message as the intake wrote it: what a replay sends back.</param>
/// <param name="Envelope">The envelope, or null when the message is not one this code reads (it can still be replayed unfiltered).</param>
/// <param name="Reason">Why it was poisoned; null for the host's copies, which carry no reason.</param>
public sealed record PoisonedAlert(BinaryData OriginalMessage, AlertEnvelope? Envelope, string? Reason);
