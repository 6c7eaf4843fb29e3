using System.Text.Json.Nodes;

namespace CodatAlerts.Testing.Samples;

/// <summary>The example bodies of <c>samples/codat</c>, copied next to the test assembly.</summary>
public static class CodatSamples
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Samples");

    /// <summary>The fourteen legacy examples, by file name without extension (<c>03-data-sync-completed</c>).</summary>
    public static IReadOnlyDictionary<string, string> Legacy { get; } = Load("legacy");

    /// <summary>The event envelope examples, by file name without extension (<c>read-completed</c>).</summary>
    public static IReadOnlyDictionary<string, string> Events { get; } = Load("events");

    /// <summary>Every example.</summary>
    public static IEnumerable<KeyValuePair<string, string>> All => Legacy.Concat(Events);

    /// <summary>A copy of <paramref name="body"/> with a fresh alert id (<c>AlertId</c> or <c>id</c>), so copies never collide.</summary>
    public static string WithFreshId(string body, string? id = null)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        var key = node.ContainsKey("AlertId") ? "AlertId" : "id";
        node[key] = id ?? Guid.NewGuid().ToString();
        return node.ToJsonString();
    }

    /// <summary>
    /// A copy of <paramref name="body"/> that names <paramref name="clientId"/> as its client when it is a legacy body
    /// (which carries <c>ClientId</c>), so that it agrees with the <c>X-Codat-ClientId</c> it is sent with: the intake
    /// refuses a legacy body that names another client than the header. Other bodies are returned as they are.
    /// </summary>
    public static string ForClient(string body, string clientId)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        if (!node.ContainsKey("ClientId"))
            return body;

        node["ClientId"] = clientId;
        return node.ToJsonString();
    }

    private static Dictionary<string, string> Load(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText);
}
