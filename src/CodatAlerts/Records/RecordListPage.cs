namespace CodatAlerts.Records;

/// <summary>One page of <c>GET /api/records</c>.</summary>
/// <param name="Status">Ok, or storage unavailable.</param>
/// <param name="Records">The records of this page, in the order asked for (blob name, or newest receipt first).</param>
/// <param name="Scanned">Records read for this page (more than the records answered when <c>state</c> filters; never more than the limit).</param>
/// <param name="Continuation">Pass as <c>continuation</c> with the same filters for the next page; null at the end.</param>
public sealed record RecordListPage(RecordStatus Status, IReadOnlyList<AlertRecordView> Records, int Scanned, string? Continuation)
{
    /// <summary>Find Blobs by Tags calls this page made (one in name order; up to <see cref="NewestWindow.MaxIndexCalls"/> newest first).</summary>
    public int IndexCalls { get; init; } = 1;
}
