using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Data sync completed</c> (rule 3).</summary>
public sealed record DataSyncCompletedData
{
    public string? DataType { get; init; }

    public string? DatasetId { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
