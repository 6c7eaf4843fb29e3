namespace CodatAlerts.Processing;

/// <summary>The blob containers of the alert path. Both expire blobs after the retention period (a lifecycle rule in infra).</summary>
public static class AlertContainers
{
    /// <summary>Claim-check bodies too large for a queue message, written by the intake.</summary>
    public const string Bodies = "alert-bodies";

    /// <summary>One blob per alert: idempotency claim, raw archive and replay source.</summary>
    public const string Records = "alert-records";
}
