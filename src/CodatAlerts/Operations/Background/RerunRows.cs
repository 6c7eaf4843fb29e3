using CodatAlerts.Processing;
using CodatAlerts.Records;

namespace CodatAlerts.Operations.Background;

/// <summary>A record as a row of a re-run's dry run or status.</summary>
internal static class RerunRows
{
    public static OperationAlert Of(AlertRecordView record, string? result, string? reason) =>
        new(record.ClientId, record.DedupKey, record.RuleType, record.ReceivedAt, AlertRecordMetadata.Format(record.State), reason, result, record.Partition);
}
