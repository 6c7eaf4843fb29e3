using System.Text.Json.Nodes;

namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>The resources one deployment of <c>infra/main.bicep</c> would create, as <c>bicep snapshot</c> predicts them.</summary>
public sealed class DeploymentSnapshot(JsonObject snapshot)
{
    /// <summary>Every predicted resource, nested module resources included.</summary>
    public IReadOnlyList<JsonObject> Resources { get; } =
        [.. snapshot["predictedResources"]!.AsArray().Select(resource => resource!.AsObject())];

    /// <summary>The deployment's outputs, name to value, as the deployment would return them.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Outputs { get; } =
        snapshot["outputs"]!.AsObject().ToDictionary(output => output.Key, output => output.Value, StringComparer.Ordinal);

    /// <summary>The identity the function app runs as (its name has no purpose suffix).</summary>
    public JsonObject AppIdentity => Identity(alertRules: false);

    /// <summary>The identity the alert rules query as (<c>id-codat-alerts-…</c>).</summary>
    public JsonObject AlertRuleIdentity => Identity(alertRules: true);

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one resource of <paramref name="type"/>; throws when there is none or more than one.</summary>
    public JsonObject Single(string type) =>
        OfType(type).ToList() is [var only]
            ? only
            : throw new InvalidOperationException($"Expected exactly one {type} in the snapshot.");

    /// <summary>The function app's settings, name to value.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        Single(ResourceTypes.SiteConfig)["properties"]!.AsObject()
            .ToDictionary(setting => setting.Key, setting => (string)setting.Value!, StringComparer.Ordinal);

    private JsonObject Identity(bool alertRules) =>
        OfType(ResourceTypes.UserAssignedIdentity)
            .Where(identity => LeafName(identity).StartsWith("id-codat-alerts-", StringComparison.Ordinal) == alertRules)
            .ToList() is [var only]
            ? only
            : throw new InvalidOperationException($"Expected exactly one {(alertRules ? "alert rule" : "app")} identity in the snapshot.");

    /// <summary>The last segment of a resource's name: <c>codat-alerts-03</c> for <c>st…/default/codat-alerts-03</c>.</summary>
    public static string LeafName(JsonObject resource) => ((string)resource["name"]!).Split('/')[^1];

    public static JsonNode Properties(JsonObject resource) => resource["properties"]!;
}
