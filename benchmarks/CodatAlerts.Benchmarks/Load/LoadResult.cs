using System.Globalization;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>The figures of one load run.</summary>
internal sealed record LoadResult(string Name, int Count, TimeSpan Elapsed, double P50, double P95, double P99, double Max)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Count} | {PerSecond:F0} | {P50:F2} | {P95:F2} | {P99:F2} | {Max:F2} |");
}
