namespace CodatAlerts.Operators;

/// <summary>
/// Who is calling an operator endpoint, as established by the app's operator access check (never by a header the
/// platform did not set). Recorded as the actor of every operator action.
/// </summary>
/// <param name="Name">A readable name: the user's UPN or the service principal's app id, <c>loopback</c> locally.</param>
/// <param name="ObjectId">The Entra object id (<c>oid</c>), when signed in with Entra ID.</param>
/// <param name="Role">What the identity may do.</param>
/// <param name="Method">How it was established: <c>entra-id</c>, <c>function-key</c> or <c>loopback</c>.</param>
public sealed record OperatorIdentity(string Name, string? ObjectId, OperatorRole Role, string Method)
{
    /// <summary>Alert bodies are customer data: only the operator role may read them.</summary>
    public bool MayReadBodies => Role == OperatorRole.Operator;

    /// <summary>Re-runs, replays and closes change state: only the operator role may start them.</summary>
    public bool MayAct => Role == OperatorRole.Operator;
}
