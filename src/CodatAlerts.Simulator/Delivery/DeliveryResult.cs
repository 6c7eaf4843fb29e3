using CodatAlerts.Simulator.Alerts;

namespace CodatAlerts.Simulator.Delivery;

/// <summary>The end of one alert's delivery: every attempt, every wait (on Codat's unscaled schedule), and, when it
/// was lost, why.</summary>
internal sealed record DeliveryResult(
    OutgoingAlert Alert,
    IReadOnlyList<AttemptResult> Attempts,
    IReadOnlyList<TimeSpan> Waits,
    GiveUpReason? LostBecause)
{
    public bool Delivered => LostBecause is null;
}
