namespace CodatAlerts.Operations.Background;

/// <summary>The kinds of background operation: what a status blob's <c>kind</c> and a queue message's work are.</summary>
public static class OperationKinds
{
    /// <summary>Re-run every alert a records filter selects (<c>POST /api/operations/rerun</c>).</summary>
    public const string Rerun = "rerun";

    /// <summary>Move poison messages back to their partition queues (<c>POST /api/poison/replay</c>).</summary>
    public const string Replay = "replay";
}
