using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace CodatAlerts.Functions.Console;

/// <summary>
/// The console's shell (HTML, CSS, JavaScript modules), embedded in this assembly at build time: nothing is fetched
/// at run time and nothing is built with Node. It holds no data; every data call goes to the operator API.
/// </summary>
internal static class ConsoleAssets
{
    /// <summary>The prefix of the assets' manifest resource names (see the project file).</summary>
    private const string ResourcePrefix = "CodatAlerts.Console/";

    /// <summary>What <c>/api/console</c> and <c>/api/console/</c> answer.</summary>
    public const string IndexPath = "index.html";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, ConsoleAsset>> All = new(Load);

    /// <summary>Every embedded path (relative to <c>/api/console/</c>).</summary>
    public static IEnumerable<string> Paths => All.Value.Keys;

    /// <summary>The asset at <paramref name="path"/> (relative, case-sensitive, no leading slash); false when there is none.</summary>
    public static bool TryGet(string path, out ConsoleAsset asset) =>
        All.Value.TryGetValue(path.Length == 0 ? IndexPath : path, out asset!);

    private static FrozenDictionary<string, ConsoleAsset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // RecursiveDir is written with the build machine's separator.
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            if (!ContentTypes.TryGetValue(Path.GetExtension(path), out var contentType))
            {
                throw new InvalidOperationException($"Console asset '{path}' has no known content type.");
            }

            var content = Read(assembly, name);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content)[..16]) + "\"";
            assets[path] = new ConsoleAsset(content, contentType, etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
