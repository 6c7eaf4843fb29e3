using CodatAlerts.Operators;

namespace CodatAlerts.Functions.Access;

/// <summary>The body of <c>GET /api/ops/me</c>: who the console is signed in as and what it may offer.</summary>
/// <param name="Role">The app role value (<c>Alerts.Reader</c> or <c>Alerts.Operator</c>).</param>
/// <param name="Local">True when admitted as a loopback caller (no Entra ID, outside Azure): the console says so.</param>
internal sealed record OperatorSelf(string Name, string Role, string Method, bool MayReadBodies, bool MayAct, bool Local)
{
    public static OperatorSelf From(OperatorIdentity identity) => new(
        identity.Name,
        identity.Role == OperatorRole.Operator ? OperatorRoles.Operator : OperatorRoles.Reader,
        identity.Method,
        identity.MayReadBodies,
        identity.MayAct,
        identity.Method == "loopback");
}
