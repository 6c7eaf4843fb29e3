using System.Globalization;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// The CPU and allocations of one phase (intake or processing) of one path (app or bare), and how many deliveries or
/// invocations had to be retried (their cost is included).
/// </summary>
internal sealed record PhaseResult(string Path, string Phase, int Alerts, TimeSpan Cpu, long AllocatedBytes, TimeSpan Elapsed, int Retries)
{
    public double CpuMicrosPerAlert => Cpu.TotalMicroseconds / Alerts;

    public double KilobytesPerAlert => AllocatedBytes / 1024.0 / Alerts;

    public static PhaseResult Sum(IEnumerable<PhaseResult> results, string? phase = null)
    {
        var list = results.ToList();
        return new PhaseResult(
            list[0].Path,
            phase ?? list[0].Phase,
            phase is null ? list.Sum(r => r.Alerts) : list.Where(r => r.Phase == list[0].Phase).Sum(r => r.Alerts),
            TimeSpan.FromTicks(list.Sum(r => r.Cpu.Ticks)),
            list.Sum(r => r.AllocatedBytes),
            TimeSpan.FromTicks(list.Sum(r => r.Elapsed.Ticks)),
            list.Sum(r => r.Retries));
    }

    /// <summary>
    /// The median round of one path and phase, figure by figure (so a row need not be one round's); with an even number
    /// of rounds, the mean of the middle two.
    /// </summary>
    public static PhaseResult Median(IEnumerable<PhaseResult> rounds)
    {
        var list = rounds.ToList();
        return new PhaseResult(
            list[0].Path,
            list[0].Phase,
            list[0].Alerts,
            TimeSpan.FromTicks((long)Median(list.Select(r => (double)r.Cpu.Ticks))),
            (long)Median(list.Select(r => (double)r.AllocatedBytes)),
            TimeSpan.FromTicks((long)Median(list.Select(r => (double)r.Elapsed.Ticks))),
            (int)Math.Round(Median(list.Select(r => (double)r.Retries))));
    }

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Path} | {Phase} | {Alerts} | {CpuMicrosPerAlert:F0} | {KilobytesPerAlert:F1} | {Elapsed.TotalSeconds:F1} | {Retries} |");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
