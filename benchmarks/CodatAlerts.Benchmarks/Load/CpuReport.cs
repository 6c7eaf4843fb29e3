using System.Globalization;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>What the cpu run prints: its rows, the runtime settings the paths differ in, and the medians over rounds.</summary>
internal static class CpuReport
{
    public static string Rounds(int rounds) => rounds == 1 ? "1 round" : $"{rounds} rounds";

    public static void PrintTableHeader()
    {
        Console.WriteLine("| Path | Phase | Alerts | CPU µs/alert | KB allocated/alert | Wall s | Retries |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
    }

    /// <summary>The configProperties the paths' runtimeconfigs differ in (the rest are the benchmark's own, shared).</summary>
    public static void PrintDifferences(IReadOnlyDictionary<string, ChildRuntimeConfig> configs)
    {
        var keys = configs.Values.SelectMany(c => c.Properties.Keys).Distinct(StringComparer.Ordinal)
            .Where(key => configs.Values.Select(c => c.Properties.GetValueOrDefault(key)).Distinct(StringComparer.Ordinal).Count() > 1)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var (path, config) in configs)
        {
            Console.WriteLine($"  {path} runs under {config.FilePath}");
        }

        Console.WriteLine(keys.Count == 0
            ? "  Both paths run with the same configProperties."
            : $"  configProperties that differ: {string.Join("; ", keys.Select(key => $"{key}: {string.Join(", ", configs.Select(c => $"{c.Key} {c.Value.Properties.GetValueOrDefault(key) ?? "(unset)"}"))}"))}");
    }

    /// <summary>
    /// Per path and phase the median over the rounds, each path's intake + processing, and the ratio of the app to
    /// the bare path.
    /// </summary>
    public static void PrintMedians(IReadOnlyList<PhaseResult> measured, int rounds)
    {
        // The median, not the sum: on a 2-core machine Azurite sometimes stalls for tens of seconds in one round (storage
        // tries time out and are retried, as the Retries column shows). A median over three or more rounds is not moved
        // by one such round; a sum (or a mean) is.
        var medians = measured.GroupBy(r => (r.Path, r.Phase)).Select(PhaseResult.Median).ToList();
        var totals = medians.GroupBy(m => m.Path).ToDictionary(g => g.Key, g => PhaseResult.Sum(g, "intake + processing"));

        Console.WriteLine();
        Console.WriteLine($"Median over {Rounds(rounds)}, per path and phase (each figure the median of its own):");
        PrintTableHeader();
        foreach (var row in medians.Concat(totals.Values))
        {
            Console.WriteLine(row.Row());
        }

        if (totals.TryGetValue("bare", out var bare) && totals.TryGetValue("app", out var app))
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"app / bare, intake + processing: CPU {app.CpuMicrosPerAlert / bare.CpuMicrosPerAlert:F2}×, allocations {app.KilobytesPerAlert / bare.KilobytesPerAlert:F2}×"));
        }
    }
}
