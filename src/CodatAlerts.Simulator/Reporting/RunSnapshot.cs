using CodatAlerts.Simulator.Delivery;

namespace CodatAlerts.Simulator.Reporting;

/// <summary>The totals of a run at one moment.</summary>
/// <param name="Started">Alerts whose first attempt has begun, redeliveries included.</param>
/// <param name="Redeliveries">Deliberate duplicates among them.</param>
/// <param name="Delivered">Alerts answered with a 2xx.</param>
/// <param name="Lost">Alerts the sender gave up on: failed for good.</param>
/// <param name="RetriedAlerts">Alerts that needed more than one attempt.</param>
/// <param name="Attempts">Attempts made (a followed redirect is part of its attempt).</param>
/// <param name="Retries">Retries scheduled.</param>
/// <param name="Timeouts">Attempts with no answer in time.</param>
/// <param name="ConnectionFailures">Attempts whose connection failed.</param>
/// <param name="StatusCodes">Answers by status code, redirects included.</param>
/// <param name="LostBy">Lost alerts by reason.</param>
internal sealed record RunSnapshot(
    long Started,
    long Redeliveries,
    long Delivered,
    long Lost,
    long RetriedAlerts,
    long Attempts,
    long Retries,
    long Timeouts,
    long ConnectionFailures,
    IReadOnlyDictionary<int, long> StatusCodes,
    IReadOnlyDictionary<GiveUpReason, long> LostBy)
{
    /// <summary>Alerts started and not yet delivered or lost: in flight or waiting for a retry.</summary>
    public long InProgress => Started - Delivered - Lost;
}
