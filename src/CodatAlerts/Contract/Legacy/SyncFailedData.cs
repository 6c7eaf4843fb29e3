using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of the expenses rule <c>Sync Failed</c> (rule 11).</summary>
public sealed record SyncFailedData
{
    public string? SyncId { get; init; }

    public string? SyncType { get; init; }

    /// <summary>Where the sync stopped, e.g. <c>Pushing</c> (PascalCase on the wire).</summary>
    public string? FailureStage { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
