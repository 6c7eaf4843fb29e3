using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>An issue Codat met while reading a data type.</summary>
public sealed record ReadIssue
{
    public string? Type { get; init; }

    public string? Message { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
