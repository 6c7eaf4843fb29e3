using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>The outcome of reading one data type (<c>payload.dataTypes[]</c>).</summary>
public sealed record ReadDataType
{
    public string? ConnectionId { get; init; }

    public string? DataType { get; init; }

    /// <summary>Whether any record changed: the legacy <c>Dataset data changed</c>.</summary>
    public bool? RecordsModified { get; init; }

    /// <summary>The dataset status: <c>Complete</c>, or an error state such as <c>FetchError</c>.</summary>
    public string? Status { get; init; }

    public IReadOnlyList<ReadIssue>? Issues { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
