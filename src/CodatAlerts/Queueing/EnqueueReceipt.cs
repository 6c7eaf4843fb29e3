namespace CodatAlerts.Queueing;

/// <summary>Proof that an alert is on its queue.</summary>
/// <param name="QueueName">The partition queue.</param>
/// <param name="MessageId">The storage message id.</param>
/// <param name="ClaimChecked">Whether the body went to a blob because it was too large for the message.</param>
public sealed record EnqueueReceipt(string QueueName, string MessageId, bool ClaimChecked);
