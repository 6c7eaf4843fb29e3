using System.Text.Json.Nodes;

namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>Walks a compiled template: main.bicep's and, nested inside it, one per module.</summary>
public static class ArmTemplates
{
    /// <summary>The template and every nested module template, at any depth.</summary>
    public static IEnumerable<JsonObject> All(JsonObject template) =>
        Objects(template).Where(obj => ((string?)obj["$schema"])?.EndsWith("deploymentTemplate.json#", StringComparison.Ordinal) == true);

    /// <summary>Every parameter declaration, as (name, declaration).</summary>
    public static IEnumerable<KeyValuePair<string, JsonObject>> Parameters(JsonObject template) =>
        All(template).SelectMany(t => Members(t, "parameters"));

    /// <summary>Every output declaration, as (name, declaration).</summary>
    public static IEnumerable<KeyValuePair<string, JsonObject>> Outputs(JsonObject template) =>
        All(template).SelectMany(t => Members(t, "outputs"));

    private static IEnumerable<KeyValuePair<string, JsonObject>> Members(JsonObject template, string section) =>
        template[section] is JsonObject members
            ? members.Select(member => KeyValuePair.Create(member.Key, member.Value!.AsObject()))
            : [];

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject obj => [obj, .. obj.SelectMany(property => Objects(property.Value))],
        JsonArray array => array.SelectMany(Objects),
        _ => [],
    };
}
