using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of the expenses rule <c>Sync Started</c> (rule 14, documented 2023-09 to 2023-12).</summary>
public sealed record SyncStartedData
{
    public string? SyncId { get; init; }

    public string? SyncType { get; init; }

    public DateTimeOffset? SyncDateRangeStartUtc { get; init; }

    public DateTimeOffset? SyncDateRangeFinishUtc { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
