namespace CodatAlerts.Operators;

/// <summary>The app role values of the app registration, as they appear in a token's <c>roles</c> claim.</summary>
public static class OperatorRoles
{
    /// <summary>The value of <see cref="OperatorRole.Reader"/>.</summary>
    public const string Reader = "Alerts.Reader";

    /// <summary>The value of <see cref="OperatorRole.Operator"/>.</summary>
    public const string Operator = "Alerts.Operator";
}
