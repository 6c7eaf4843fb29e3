using System.Diagnostics;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>Collects per-request latencies of one load run and summarises them.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly double[] _milliseconds = new double[capacity];
    private int _count;

    public void Record(long startTimestamp) =>
        _milliseconds[Interlocked.Increment(ref _count) - 1] = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public LoadResult Summarise(string name, TimeSpan elapsed)
    {
        var sorted = _milliseconds[.._count];
        Array.Sort(sorted);
        return new LoadResult(name, _count, elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted[^1]);
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
}
