namespace CodatAlerts.Replay;

/// <summary>Why a sweep pass stopped before the end of a partition's poison queue (the <c>reason</c> dimension).</summary>
public static class SweepIncompleteReason
{
    /// <summary>The pass read its budget of parked messages and more are waiting; the next runs read on from there.</summary>
    public const string Budget = "budget";

    /// <summary>Storage failed or refused a call; the next run tries again.</summary>
    public const string StorageFailed = "storage-failed";

    /// <summary>The run was cancelled (the host shutting down) before or during the pass.</summary>
    public const string Cancelled = "cancelled";
}
