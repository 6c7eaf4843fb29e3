namespace CodatAlerts.Simulator.Reporting;

/// <summary>
/// Latencies in fixed memory, whatever the length of the run: logarithmic buckets 1 % wide from 1 µs to an hour,
/// counted lock-free. A percentile is reported as the upper edge of its bucket (never more than 1 % high, never
/// above the exact maximum, which is kept separately).
/// </summary>
internal sealed class LatencyHistogram
{
    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly int BucketCount = (int)Math.Ceiling(Math.Log(TimeSpan.FromHours(1).TotalMicroseconds) / LogGrowth) + 1;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _maxTicks;

    public long Count => Interlocked.Read(ref _count);

    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));

    public void Record(TimeSpan latency)
    {
        Interlocked.Increment(ref _buckets[BucketOf(latency)]);
        Interlocked.Increment(ref _count);
        var ticks = latency.Ticks;
        var max = Interlocked.Read(ref _maxTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The nearest-rank percentile (<paramref name="fraction"/> in (0, 1]); zero when nothing was recorded.</summary>
    public TimeSpan Percentile(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        var count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(fraction * count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                var upperEdge = TimeSpan.FromMicroseconds(Math.Pow(Growth, i + 1));
                return upperEdge < Max ? upperEdge : Max;
            }
        }

        return Max;
    }

    private static int BucketOf(TimeSpan latency)
    {
        var microseconds = latency.TotalMicroseconds;
        if (microseconds < 1)
        {
            return 0;
        }

        var bucket = (int)(Math.Log(microseconds) / LogGrowth);
        return Math.Min(bucket, BucketCount - 1);
    }
}
