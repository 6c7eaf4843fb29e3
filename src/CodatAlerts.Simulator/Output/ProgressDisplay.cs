using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Reporting;

namespace CodatAlerts.Simulator.Output;

/// <summary>The live progress line of a long send run, redrawn twice a second until the run ends.</summary>
internal sealed class ProgressDisplay(ConsoleOutput output, RunStatistics statistics, RequestSlots slots, long expected, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(CancellationToken stop)
    {
        var started = clock.GetTimestamp();
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Draw(started);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over: draw its final totals once more and end the line.
        }

        Draw(started);
        output.EndProgress();
    }

    private void Draw(long started) => output.Progress(statistics.Snapshot(), expected, slots.InUse, clock.GetElapsedTime(started));
}
