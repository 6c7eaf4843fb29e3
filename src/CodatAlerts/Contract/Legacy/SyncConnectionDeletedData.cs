using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary>
/// <c>Data</c> of <c>Sync Connection Deleted</c> (rule 9). Codat sends none, so it is normally null; the record exists
/// to give the rule an alert type of its own.
/// </summary>
public sealed record SyncConnectionDeletedData
{
    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
