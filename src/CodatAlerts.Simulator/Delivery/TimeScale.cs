namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// How much faster than Codat the sender waits between attempts (<c>--time-scale</c>): 1 is Codat's own pace, 0.001
/// turns the signed schedule's 28 hours into under two minutes. Only waits are scaled: an attempt still has its full
/// 15 s to answer, so a receiver is judged as Codat would judge it.
/// </summary>
internal readonly record struct TimeScale
{
    public TimeScale(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factor, 1);
        Factor = factor;
    }

    public static TimeScale RealTime { get; } = new(1);

    public double Factor { get; }

    /// <summary>The real wait for a wait of <paramref name="codatTime"/> on Codat's schedule.</summary>
    public TimeSpan Apply(TimeSpan codatTime) => codatTime * Factor;
}
