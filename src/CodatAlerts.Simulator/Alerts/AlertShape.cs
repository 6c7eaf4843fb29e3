namespace CodatAlerts.Simulator.Alerts;

/// <summary>The two body shapes Codat sends (reference §2 and §3).</summary>
internal enum AlertShape
{
    /// <summary>A legacy rules/alerts body: <c>RuleType</c>, <c>AlertId</c>, <c>ClientId</c>, …</summary>
    Legacy,

    /// <summary>A new-service event envelope: <c>id</c>, <c>eventType</c>, <c>generatedDate</c>, <c>payload</c>.</summary>
    Event,
}
