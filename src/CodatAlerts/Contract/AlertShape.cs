namespace CodatAlerts.Contract;

/// <summary>The two body shapes Codat sends (reference §2 and §3).</summary>
public enum AlertShape
{
    /// <summary>The legacy rules/alerts body: <c>RuleType</c>, <c>AlertId</c>, <c>Data</c>, …</summary>
    Legacy,

    /// <summary>The event envelope of the signed service: <c>id</c>, <c>eventType</c>, <c>payload</c>.</summary>
    Event,
}
