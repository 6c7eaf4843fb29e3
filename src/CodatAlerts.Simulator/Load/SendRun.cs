using CodatAlerts.Simulator.Alerts;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Reporting;

namespace CodatAlerts.Simulator.Load;

/// <summary>
/// Sends a stream of alerts at a steady rate (if one is set), starting each one only when a request slot is free,
/// and lets every alert run its own retries. Alerts are produced lazily and forgotten once delivered or lost, so
/// memory depends on the concurrency and the number of alerts waiting for a retry, not on the length of the run.
/// </summary>
internal sealed class SendRun(AlertSender sender, RequestSlots slots, RunStatistics statistics, TimeProvider clock)
{
    /// <summary>The most alerts in flight or waiting for a retry at once.</summary>
    public const int MaxAlertsInProgress = 10_000;

    /// <param name="alerts">The alerts, produced on demand.</param>
    /// <param name="ratePerSecond">New alerts per second (retries come on top, as at Codat); none for as fast as the
    /// concurrency allows.</param>
    public async Task RunAsync(IEnumerable<OutgoingAlert> alerts, double? ratePerSecond, CancellationToken cancellationToken)
    {
        using var inProgress = new AlertsInProgress(MaxAlertsInProgress);
        var started = clock.GetTimestamp();
        long index = 0;
        try
        {
            foreach (var alert in alerts)
            {
                if (ratePerSecond is { } rate)
                {
                    // Alert n is due n / rate seconds after the start: a late alert does not push back the ones after it.
                    var due = TimeSpan.FromSeconds(index / rate) - clock.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, clock, cancellationToken);
                    }
                }

                await inProgress.WaitForRoomAsync(cancellationToken);
                var slot = await slots.TakeAsync(cancellationToken);
                statistics.AlertStarted(alert);
                inProgress.Track(sender.DeliverAsync(alert, slot, cancellationToken));
                index++;
            }
        }
        finally
        {
            await inProgress.WhenAllFinishedAsync();
        }
    }
}
