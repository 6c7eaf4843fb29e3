using CodatAlerts.Operators;
using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Functions.Access;

/// <summary>Carries the operator established by the access middleware to the function it let through.</summary>
public static class OperatorContext
{
    private const string ItemKey = "CodatAlerts.Operator";

    /// <summary>The caller of an operator endpoint; null only for the public endpoints, which the middleware lets through unchecked.</summary>
    public static OperatorIdentity? GetOperator(this FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var value) ? value as OperatorIdentity : null;
    }

    /// <summary>Records the caller; called by the access middleware only.</summary>
    public static void SetOperator(this FunctionContext context, OperatorIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = identity;
    }
}
