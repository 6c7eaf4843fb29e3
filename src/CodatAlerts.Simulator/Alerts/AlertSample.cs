using System.Text.Json.Nodes;

namespace CodatAlerts.Simulator.Alerts;

/// <summary>One published example body, the template every alert of its rule type is built from.</summary>
/// <param name="Name">The sample's file name without extension, such as <c>03-data-sync-completed</c>.</param>
/// <param name="Shape">Legacy body or event envelope.</param>
/// <param name="RuleType">The <c>RuleType</c> of a legacy body, or the <c>eventType</c> (or <c>type</c>) of an envelope.</param>
/// <param name="Template">The parsed example; never mutated, <see cref="AlertFactory"/> works on copies.</param>
internal sealed record AlertSample(string Name, AlertShape Shape, string RuleType, JsonObject Template)
{
    /// <summary>The body key that holds the alert's unique id: <c>AlertId</c> (legacy) or <c>id</c> (envelope).</summary>
    public string IdKey => Shape == AlertShape.Legacy ? "AlertId" : "id";

    /// <summary>Whether <paramref name="selector"/> names this sample, by file name or rule type, ignoring case.</summary>
    public bool IsSelectedBy(string selector) =>
        string.Equals(selector, Name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(selector, RuleType, StringComparison.OrdinalIgnoreCase);
}
