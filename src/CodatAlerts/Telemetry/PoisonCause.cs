namespace CodatAlerts.Telemetry;

/// <summary>Why an alert ended on a poison queue.</summary>
public enum PoisonCause
{
    /// <summary>A failure no retry can cure; the processor sent it to the poison queue at once.</summary>
    Permanent,

    /// <summary>The last attempt the host allows failed; the host moves it to the poison queue.</summary>
    RetriesExhausted,
}
