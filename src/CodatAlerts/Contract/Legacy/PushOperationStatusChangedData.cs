using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Push Operation Status Changed()</c> (rule 6).</summary>
public sealed record PushOperationStatusChangedData
{
    public string? DataType { get; init; }

    /// <summary><c>Pending</c>, <c>Failed</c>, <c>Success</c> or <c>TimedOut</c>.</summary>
    public string? Status { get; init; }

    public string? PushOperationKey { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
