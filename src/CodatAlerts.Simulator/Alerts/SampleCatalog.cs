using System.Reflection;
using System.Text.Json.Nodes;

namespace CodatAlerts.Simulator.Alerts;

/// <summary>
/// The example bodies of <c>samples/codat</c>, embedded in the tool (resources <c>Samples/legacy/*.json</c> and
/// <c>Samples/events/*.json</c>) so an installed <c>codat-sim</c> needs no files beside it.
/// </summary>
internal static class SampleCatalog
{
    private const string LegacyPrefix = "Samples/legacy/";
    private const string EventsPrefix = "Samples/events/";

    /// <summary>Every sample: the legacy rule types first, then the event envelopes, each group by file name.</summary>
    public static IReadOnlyList<AlertSample> All { get; } = Load();

    /// <summary>
    /// The samples named by <paramref name="selectors"/> (file names or rule types, case-insensitive), or all of them
    /// when there are none.
    /// </summary>
    /// <exception cref="ArgumentException">A selector names no sample (check with <see cref="Unknown"/> first).</exception>
    public static IReadOnlyList<AlertSample> Select(IReadOnlyCollection<string> selectors)
    {
        if (Unknown(selectors).Count > 0)
        {
            throw new ArgumentException(DescribeUnknown(Unknown(selectors)), nameof(selectors));
        }

        return selectors.Count == 0 ? All : All.Where(sample => selectors.Any(sample.IsSelectedBy)).ToList();
    }

    /// <summary>The selectors that name no sample.</summary>
    public static IReadOnlyList<string> Unknown(IEnumerable<string> selectors) =>
        selectors.Where(selector => !All.Any(sample => sample.IsSelectedBy(selector))).ToList();

    /// <summary>An error message naming the unknown selectors and listing the known rule types.</summary>
    public static string DescribeUnknown(IEnumerable<string> unknown) =>
        $"Unknown rule type {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Known: "
        + string.Join(", ", All.Select(s => $"'{s.RuleType}'")) + $", or a sample name such as '{All[0].Name}'.";

    private static List<AlertSample> Load()
    {
        var assembly = typeof(SampleCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(LegacyPrefix, StringComparison.Ordinal) || name.StartsWith(EventsPrefix, StringComparison.Ordinal))
            .OrderBy(name => name.StartsWith(LegacyPrefix, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(name => name, StringComparer.Ordinal)
            .Select(name => Parse(assembly, name))
            .ToList();
    }

    private static AlertSample Parse(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded sample {resourceName} is missing.");
        var body = JsonNode.Parse(stream)?.AsObject()
            ?? throw new InvalidOperationException($"Embedded sample {resourceName} is not a JSON object.");
        var name = Path.GetFileNameWithoutExtension(resourceName[(resourceName.LastIndexOf('/') + 1)..]);

        if (resourceName.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            return new AlertSample(name, AlertShape.Legacy, RequiredString(body, "RuleType", resourceName), body);
        }

        // Some of Codat's OAS examples carry "type" instead of "eventType" (reference §3); the samples keep both.
        var eventType = body["eventType"] is not null ? RequiredString(body, "eventType", resourceName) : RequiredString(body, "type", resourceName);
        return new AlertSample(name, AlertShape.Event, eventType, body);
    }

    private static string RequiredString(JsonObject body, string key, string resourceName) =>
        body[key]?.GetValue<string>() ?? throw new InvalidOperationException($"Embedded sample {resourceName} has no '{key}'.");
}
