using CodatAlerts.Records;

namespace CodatAlerts.Operations.Background;

/// <summary>
/// The dry run of a re-run by filter: walks the records list as the operation would (up to
/// <see cref="OperationBounds.MaxAlerts"/>), counting, and lists the first <see cref="OperationBounds.DryRunRows"/>.
/// Reads only. Costs one index call per 1,000 records and one Get Blob Properties per record read.
/// </summary>
public sealed class RerunPreview(AlertRecordReader reader)
{
    private const int PageSize = RecordListRequest.MaxLimit;

    /// <summary>The answer; null when storage failed.</summary>
    public async Task<DryRunAnswer?> CountAsync(RerunFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rows = new List<OperationAlert>();
        var count = 0;
        string? continuation = null;
        do
        {
            var page = await reader.ListAsync(filter.ListRequest(continuation, PageSize), cancellationToken);
            if (page.Status != RecordStatus.Ok)
            {
                return null;
            }

            foreach (var record in page.Records)
            {
                if (count == OperationBounds.MaxAlerts)
                {
                    return new DryRunAnswer(count, Complete: false, rows);
                }

                count++;
                if (rows.Count < OperationBounds.DryRunRows)
                {
                    rows.Add(RerunRows.Of(record, null, null));
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        return new DryRunAnswer(count, Complete: true, rows);
    }
}
