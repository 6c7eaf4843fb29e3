namespace CodatAlerts.Processing;

/// <summary>What dispatching an alert came to.</summary>
public enum DispatchOutcome
{
    /// <summary>Every handler for the rule type ran to completion.</summary>
    Handled,

    /// <summary>No handler knows the rule type: the alert is archived and logged, never retried.</summary>
    Parked,
}
