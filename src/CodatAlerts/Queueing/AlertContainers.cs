namespace CodatAlerts.Queueing;

/// <summary>The blob containers the app writes; the infrastructure creates them and expires their blobs.</summary>
public static class AlertContainers
{
    /// <summary>Claim-check bodies, too large for a queue message: <c>{ingestionId}.json</c>.</summary>
    public const string Bodies = "alert-bodies";

    /// <summary>One blob per alert: idempotency claim, raw archive and replay source.</summary>
    public const string Records = "alert-records";
}
