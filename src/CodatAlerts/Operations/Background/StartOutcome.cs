namespace CodatAlerts.Operations.Background;

/// <summary>How a start (or a retried start) of an operation ended.</summary>
public enum StartResult
{
    /// <summary>Created and enqueued, or found under the same Idempotency-Key with the same filter: 202.</summary>
    Accepted,

    /// <summary>The Idempotency-Key was used for a different operation or filter: 409.</summary>
    KeyReused,

    /// <summary>Storage failed (audit, status blob or queue): nothing started that a retry would not finish; 503.</summary>
    Unavailable,
}

/// <summary>The result and, when accepted, the operation's status.</summary>
public sealed record StartOutcome(StartResult Result, OperationStatus? Status);
