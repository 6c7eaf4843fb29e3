using System.Text.Json;
using System.Text.Json.Nodes;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// A runtimeconfig.json a child of the cpu run starts under (<c>dotnet exec --runtimeconfig</c>), and its
/// <c>configProperties</c>. The real apps run in separate worker processes, each under the runtime configuration it
/// ships: a bare Functions app ships the defaults, which the benchmark's own runtimeconfig.json carries; codat-alerts
/// ships its built <c>CodatAlerts.Functions.runtimeconfig.json</c>, which the benchmark's csproj copies beside the
/// benchmark as <see cref="AppShippedFileName"/>. The app's configuration is the benchmark's with its
/// <c>configProperties</c> overridden by the app's, so whatever the app ships applies while the benchmark's framework
/// references (and so its dependencies) stay.
/// </summary>
internal sealed class ChildRuntimeConfig : IDisposable
{
    public const string AppShippedFileName = "app-shipped.runtimeconfig.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string BenchmarkPath =
        Path.Combine(AppContext.BaseDirectory, $"{typeof(ChildRuntimeConfig).Assembly.GetName().Name}.runtimeconfig.json");

    private readonly bool _temporary;

    private ChildRuntimeConfig(string path, IReadOnlyDictionary<string, string> properties, bool temporary)
    {
        FilePath = path;
        Properties = properties;
        _temporary = temporary;
    }

    public string FilePath { get; }

    /// <summary>The <c>configProperties</c>, each value as <see cref="AppContext.GetData(string)"/> gives it.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>The benchmark's own runtimeconfig.json: the defaults a bare app ships.</summary>
    public static ChildRuntimeConfig Benchmark() => new(BenchmarkPath, PropertiesOf(Read(BenchmarkPath)), temporary: false);

    /// <summary>The benchmark's runtimeconfig.json with the app's configProperties merged over its own, in a temporary file.</summary>
    public static ChildRuntimeConfig MergedWithApp()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, AppShippedFileName);
        if (!File.Exists(shipped))
        {
            throw new FileNotFoundException(
                $"The app's runtimeconfig is not at {shipped}: build the benchmark project (its CopyAppRuntimeConfig target copies it from CodatAlerts.Functions).",
                shipped);
        }

        var merged = Read(BenchmarkPath);
        var options = (JsonObject)merged["runtimeOptions"]!;
        var properties = options["configProperties"] as JsonObject ?? [];
        options["configProperties"] = properties;
        if (Read(shipped)["runtimeOptions"]?["configProperties"] is JsonObject appProperties)
        {
            foreach (var (key, value) in appProperties)
            {
                properties[key] = value?.DeepClone();
            }
        }

        var path = Path.Combine(Path.GetTempPath(), $"codat-alerts-cpu-{Environment.ProcessId}.app.runtimeconfig.json");
        File.WriteAllText(path, merged.ToJsonString(Indented));
        return new ChildRuntimeConfig(path, PropertiesOf(merged), temporary: true);
    }

    /// <summary>
    /// Throws unless this process runs under <paramref name="path"/>: every one of its configProperties must be what
    /// <see cref="AppContext.GetData(string)"/> answers (the host hands them to the runtime as they are written).
    /// </summary>
    public static void VerifyCurrentProcess(string path)
    {
        foreach (var (key, expected) in PropertiesOf(Read(path)))
        {
            var actual = AppContext.GetData(key)?.ToString();
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"This process does not run under {path}: {key} is '{actual}', the file says '{expected}'.");
            }
        }
    }

    public void Dispose()
    {
        if (_temporary)
        {
            File.Delete(FilePath);
        }
    }

    private static JsonNode Read(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");

    private static Dictionary<string, string> PropertiesOf(JsonNode config) =>
        (config["runtimeOptions"]?["configProperties"] as JsonObject ?? []).ToDictionary(
            p => p.Key,
            p => p.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : p.Value?.ToJsonString() ?? string.Empty);
}
