using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of the expenses rule <c>Sync Completed</c> (rule 10).</summary>
public sealed record SyncCompletedData
{
    public string? SyncId { get; init; }

    /// <summary>E.g. <c>Expense</c>.</summary>
    public string? SyncType { get; init; }

    /// <summary>Sent from 2023-09 to 2024-01 only (PascalCase on the wire).</summary>
    public DateTimeOffset? SyncDateRangeStartUtc { get; init; }

    /// <summary>Sent from 2023-09 to 2024-01 only (PascalCase on the wire).</summary>
    public DateTimeOffset? SyncDateRangeFinishUtc { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
