using System.ComponentModel.DataAnnotations;

namespace CodatAlerts.Storage;

/// <summary>
/// How the queue side talks to storage, bound from <c>Alerts:Processing:Storage</c>. Processing has no 15 s answer
/// to protect (the intake's <c>Alerts:Queueing</c> budget is 3 s × 3 tries for that), so its tries are longer and
/// more patient: a claim write that times out under load costs a whole retry of the alert, a slow one costs nothing.
/// </summary>
public sealed class ProcessingStorageOptions
{
    public const string SectionName = "Alerts:Processing:Storage";

    /// <summary>The network time-out of one storage request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Alerts__Processing__Storage__TryTimeout must be between {1} and {2}.")]
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one storage request after the first try (exponential back-off from 500 ms, capped at 10 s).</summary>
    [Range(0, 10, ErrorMessage = "Alerts__Processing__Storage__MaxRetries must be between {1} and {2}.")]
    public int MaxRetries { get; set; } = 5;
}
