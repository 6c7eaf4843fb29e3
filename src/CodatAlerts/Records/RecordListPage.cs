namespace CodatAlerts.Records;

/// <summary>One page of <c>GET /api/records</c>.</summary>
/// <param name="Status">Ok, or storage unavailable.</param>
/// <param name="Records">The records of this page, in the index's order (by blob name, not by time).</param>
/// <param name="Scanned">Index entries read for this page (more than the records when <c>state</c> filters).</param>
/// <param name="Continuation">Pass as <c>continuation</c> with the same filters for the next page; null at the end.</param>
public sealed record RecordListPage(RecordStatus Status, IReadOnlyList<AlertRecordView> Records, int Scanned, string? Continuation);
