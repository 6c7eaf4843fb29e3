using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>One expense transaction of a sync.</summary>
public sealed record ExpensesSyncTransaction
{
    public string? Id { get; init; }

    public string? Status { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
