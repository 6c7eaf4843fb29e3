using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.Simulator.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test each time the code under test starts a timer, so the test
/// can advance the clock exactly when the sender waits, and never before.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    /// <summary>How long a test waits, in real time, for the code under test to start a timer before failing.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private readonly Channel<TimeSpan> _timersStarted = Channel.CreateUnbounded<TimeSpan>();

    public TestClock()
        : base(new DateTimeOffset(2025, 1, 10, 9, 30, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The waits advanced by <see cref="RunAsync{T}"/>, in order.</summary>
    public List<TimeSpan> AdvancedWaits { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timersStarted.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>
    /// Runs <paramref name="work"/> to completion, advancing the clock through every wait it starts, except timers of
    /// <paramref name="notAWait"/> (attempt timeouts, which must not fire while the server answers).
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work, TimeSpan notAWait)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            var timerStarted = _timersStarted.Reader.ReadAsync(guard.Token).AsTask();
            if (await Task.WhenAny(work, timerStarted) == work)
            {
                return await work;
            }

            var due = await timerStarted;
            if (due != notAWait && due > TimeSpan.Zero)
            {
                AdvancedWaits.Add(due);
                Advance(due);
            }
        }
    }

    /// <summary>Waits until the code under test starts a timer of exactly <paramref name="dueTime"/>.</summary>
    public async Task TimerStartedAsync(TimeSpan dueTime)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (await _timersStarted.Reader.ReadAsync(guard.Token) != dueTime)
        {
        }
    }
}
