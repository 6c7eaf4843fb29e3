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

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Path} | {Phase} | {Alerts} | {CpuMicrosPerAlert:F0} | {KilobytesPerAlert:F1} | {Elapsed.TotalSeconds:F1} | {Retries} |");
}
