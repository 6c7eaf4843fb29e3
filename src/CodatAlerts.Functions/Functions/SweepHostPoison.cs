using CodatAlerts.Replay;
using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Every five minutes, puts the host's bare poison copies and any message that is not base64 into the app's form
/// (reason, no expiry) and counts them; every partition gets its own pass (see <see cref="HostPoisonSweeper"/>).
/// </summary>
public sealed class SweepHostPoison(HostPoisonSweeper sweeper)
{
    /// <summary>Every five minutes (six-field NCRONTAB: seconds first); well inside the host copies' 7-day expiry.</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(SweepHostPoison))]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
