namespace CodatAlerts.Contract;

/// <summary>Where an alert's deduplication key came from (reference §5).</summary>
public enum DedupKeySource
{
    /// <summary>The <c>webhook-id</c> (or <c>svix-id</c>) header: the same on every attempt of a signed delivery.</summary>
    WebhookId,

    /// <summary>The legacy body's <c>AlertId</c>.</summary>
    AlertId,

    /// <summary>The event envelope's <c>id</c>.</summary>
    EventId,
}
