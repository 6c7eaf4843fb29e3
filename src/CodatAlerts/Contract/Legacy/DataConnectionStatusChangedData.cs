using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>DataConnectionStatusChanged</c> (rule 1).</summary>
public sealed record DataConnectionStatusChangedData
{
    public string? DataConnectionId { get; init; }

    /// <summary><c>PendingAuth</c>, <c>Linked</c>, <c>Unlinked</c> or <c>Deauthorized</c>.</summary>
    public string? NewStatus { get; init; }

    public string? OldStatus { get; init; }

    /// <summary>The integration, four lowercase letters (<c>gbol</c>).</summary>
    public string? PlatformKey { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
