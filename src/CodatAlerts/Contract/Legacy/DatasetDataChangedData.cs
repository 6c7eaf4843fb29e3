using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Dataset data changed</c> (rule 4).</summary>
public sealed record DatasetDataChangedData
{
    public string? DataType { get; init; }

    public string? DatasetId { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
