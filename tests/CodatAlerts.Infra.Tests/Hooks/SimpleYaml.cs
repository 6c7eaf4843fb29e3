namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>
/// Reads the block mappings of a small YAML file such as azure.yaml (nested keys with scalar values, comments), enough
/// to check what it declares without a YAML package. Lists and flow style are not supported, and not used there.
/// </summary>
internal static class SimpleYaml
{
    /// <summary>Every scalar, keyed by its path of keys joined with '/'.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var scalars = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<(int Indent, string Key)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var content = line.TrimStart();
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - content.Length;
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            var key = content[..colon].Trim();
            var value = content[(colon + 1)..].Trim();

            path.RemoveAll(parent => parent.Indent >= indent);
            path.Add((indent, key));
            if (value.Length > 0)
            {
                scalars[string.Join('/', path.Select(segment => segment.Key))] = value.Trim('"', '\'');
            }
        }

        return scalars;
    }

    public static string? Get(IReadOnlyDictionary<string, string> scalars, params string[] keys) =>
        scalars.GetValueOrDefault(string.Join('/', keys));
}
