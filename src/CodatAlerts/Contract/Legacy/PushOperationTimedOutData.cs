using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Push Operation Timed Out</c> (rule 7).</summary>
public sealed record PushOperationTimedOutData
{
    public string? DataType { get; init; }

    public string? PushOperationKey { get; init; }

    /// <summary>Deprecated duplicate of <see cref="PushOperationKey"/>.</summary>
    public string? PushOperationGuid { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
