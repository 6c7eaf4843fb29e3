using System.ComponentModel.DataAnnotations;

namespace CodatAlerts.Processing;

/// <summary>How the queue side claims, runs and parks alerts. Bound from <c>Alerts:Processing</c> (app settings <c>Alerts__Processing__*</c>).</summary>
public sealed class ProcessingOptions : IValidatableObject
{
    public const string SectionName = "Alerts:Processing";

    /// <summary>
    /// How long a claim protects an alert from other workers. A worker that crashes holds its alerts this long, so
    /// it bounds the delay before a copy takes over; the dispatch is cancelled <see cref="LeaseSafetyMargin"/> before
    /// it ends, so two workers never run one alert at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time kept between the cancellation of a dispatch and the end of its lease, for the release write.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LeaseSafetyMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a copy that found the alert claimed by another live message waits, as a fresh message, before it
    /// looks again. Zero makes it visible at once (tests).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BusyRedeliveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time to live of the messages this app writes to a <c>-poison</c> queue: the retention period, so a poisoned
    /// alert stays replayable as long as its record exists (the storage default, 7 days, would silently drop it).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan PoisonTimeToLive { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The host's <c>extensions.queues.maxDequeueCount</c> (<c>host.json</c>): on that attempt a transient failure is
    /// the last one, and the host moves the message to poison, which the processor counts. A test keeps the two equal.
    /// </summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The most poison messages one replay request reads, so one call stays within the HTTP time limit.</summary>
    [Range(1, 100_000)]
    public int ReplayScanLimit { get; set; } = 5_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseSafetyMargin >= LeaseDuration)
        {
            yield return new ValidationResult(
                $"{nameof(LeaseSafetyMargin)} ({LeaseSafetyMargin}) must be shorter than {nameof(LeaseDuration)} ({LeaseDuration}).",
                [nameof(LeaseSafetyMargin), nameof(LeaseDuration)]);
        }
    }
}
