namespace CodatAlerts.Processing;

/// <summary>Where an alert's record stands; stored in the blob's <c>state</c> metadata.</summary>
public enum AlertRecordState
{
    /// <summary>A worker holds the claim until its lease runs out.</summary>
    Processing,

    /// <summary>The alert ran (or was parked); every later copy is a duplicate.</summary>
    Completed,

    /// <summary>A transient failure gave the claim back; the next copy may take it.</summary>
    Released,

    /// <summary>A permanent failure sent the alert to its poison queue; only a replay reopens it.</summary>
    Failed,
}
