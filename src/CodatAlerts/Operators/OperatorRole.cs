namespace CodatAlerts.Operators;

/// <summary>The app roles of the operator API and console (the app registration's role values are in <see cref="OperatorRoles"/>).</summary>
public enum OperatorRole
{
    /// <summary>Sees every record, journey, queue and audit entry, but no alert body, and acts on nothing.</summary>
    Reader,

    /// <summary>Everything a reader may, plus bodies, re-runs, replays and closing poison messages.</summary>
    Operator,
}
