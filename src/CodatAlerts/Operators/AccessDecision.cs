namespace CodatAlerts.Operators;

/// <summary>The access policy's answer: the caller it admitted, or why it refused.</summary>
public sealed record AccessDecision(OperatorIdentity? Operator, AccessRefusal? Refusal)
{
    public static AccessDecision Admit(OperatorIdentity identity) => new(identity, null);

    public static AccessDecision Refuse(AccessRefusal refusal) => new(null, refusal);
}

/// <summary>Why a request was refused; <see cref="Reason"/> is for the log, <see cref="Detail"/> for the caller.</summary>
/// <param name="Kind">Decides the status code.</param>
/// <param name="Reason">A short fixed phrase naming the failed check (never a token or claim value).</param>
/// <param name="Detail">What the caller can do about it.</param>
public sealed record AccessRefusal(AccessRefusalKind Kind, string Reason, string Detail);

/// <summary>The kinds of refusal, one status code each.</summary>
public enum AccessRefusalKind
{
    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>: no credential, or one that is not valid.</summary>
    Unauthenticated,

    /// <summary>403: a valid caller without the role this request needs, or a browser request that may be forged.</summary>
    Forbidden,

    /// <summary>503 with <c>Retry-After</c>: the tenant's signing keys could not be fetched, so no token can be checked.</summary>
    Unavailable,
}
