using System.ComponentModel.DataAnnotations;

namespace CodatAlerts.Processing;

/// <summary>How the queue side claims, runs and parks alerts. Bound from <c>Alerts:Processing</c> (app settings <c>Alerts__Processing__*</c>).</summary>
public sealed class ProcessingOptions : IValidatableObject
{
    public const string SectionName = "Alerts:Processing";

    /// <summary>
    /// How long one write of a claim protects an alert from other copies. The processor renews the claim every third of
    /// this while the handlers run, so it does not bound a dispatch (<see cref="DispatchTimeout"/> does); it bounds how
    /// long a crashed worker keeps its alerts from being taken over. Shorter recovers faster and costs a renewal write
    /// more often (every <see cref="LeaseRenewalInterval"/> per running alert).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running dispatch renews its claim: a third of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan LeaseRenewalInterval => LeaseDuration / 3;

    /// <summary>
    /// The longest the handlers of one alert may run; then they are cancelled and the alert is retried. Keep it below
    /// the host's <c>functionTimeout</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DispatchTimeout { get; set; } = TimeSpan.FromSeconds(270);

    /// <summary>
    /// When renewals fail, the handlers are cancelled this long before the last renewed lease ends, leaving time for
    /// the release write. Shorter than the lease less one renewal interval, so a renewal is always tried first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LeaseSafetyMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a copy that found the alert claimed by another live message waits, as a fresh message, before it
    /// looks again. Zero makes it visible at once (tests).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BusyRedeliveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the app keeps retrying an alert whose handlers fail transiently, counted from the first failure on the
    /// storage service's clock; then the alert goes to poison with the last error. 48 h by default: longer than Codat's
    /// signed sender keeps retrying (about 28 h), so an outage the sender would ride out, processing rides out too, and
    /// a weekend morning's outage is still being retried when someone looks. Below the records' 30-day retention, so
    /// the record that counts the attempts outlives the horizon.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "7.00:00:00", ErrorMessage = "Alerts__Processing__RetryHorizon must be between {1} and {2}.")]
    public TimeSpan RetryHorizon { get; set; } = TimeSpan.FromHours(48);

    /// <summary>The delay before the first retry; each later one doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest delay between two retries (a queue message can stay invisible for at most 7 days).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The host's <c>extensions.queues.maxDequeueCount</c> (<c>host.json</c>): the backstop for failures the app cannot
    /// retry itself (before the claim, or a crashed worker). On that dequeue an exception that escapes to the host is
    /// the last one, and the host moves the bare message to poison, which the processor counts. A test keeps the two equal.
    /// </summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The most poison messages one replay request reads, so one call stays within the HTTP time limit.</summary>
    [Range(1, 100_000)]
    public int ReplayScanLimit { get; set; } = 5_000;

    /// <summary>The delay before retry number <paramref name="failures"/> (1 for the first): doubling, capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var doublings = Math.Clamp(failures - 1, 0, 16); // 2^16 × the longest initial delay still fits a TimeSpan.
        var delay = RetryInitialDelay * Math.Pow(2, doublings);
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseSafetyMargin >= LeaseDuration - LeaseRenewalInterval)
        {
            yield return new ValidationResult(
                $"{nameof(LeaseSafetyMargin)} ({LeaseSafetyMargin}) must be shorter than two thirds of {nameof(LeaseDuration)} ({LeaseDuration}), so a renewal is tried before the handlers are cancelled.",
                [nameof(LeaseSafetyMargin), nameof(LeaseDuration)]);
        }

        if (RetryInitialDelay > RetryMaxDelay)
        {
            yield return new ValidationResult(
                $"{nameof(RetryInitialDelay)} ({RetryInitialDelay}) must not exceed {nameof(RetryMaxDelay)} ({RetryMaxDelay}).",
                [nameof(RetryInitialDelay), nameof(RetryMaxDelay)]);
        }
    }
}
