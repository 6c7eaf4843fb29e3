using System.Globalization;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>The command-line options of the cpu run and of its children: <c>--name value</c> pairs.</summary>
internal static class LoadArguments
{
    public static int Int(string[] args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static string Required(string[] args, string name) =>
        Text(args, name) ?? throw new ArgumentException($"{name} is required.", nameof(args));

    /// <summary>Every value of a repeatable option, in order.</summary>
    public static IEnumerable<string> All(string[] args, string name)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }

    /// <summary>The <c>--set Key=Value</c> app-setting overrides; an empty value removes the setting.</summary>
    public static Dictionary<string, string?> Overrides(string[] args)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in All(args, "--set"))
        {
            if (pair.Split('=', 2) is [var key, var value])
            {
                overrides[key] = value.Length == 0 ? null : value;
            }
        }

        return overrides;
    }
}
