using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Data Sync Status Changed To Error</c> (rule 5).</summary>
public sealed record DataSyncStatusChangedToErrorData
{
    public string? DataType { get; init; }

    /// <summary>The error state, e.g. <c>ProcessingError</c>.</summary>
    public string? DatasetStatus { get; init; }

    public string? DatasetId { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
