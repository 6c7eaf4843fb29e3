using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>Payload of <c>expenses.sync.successful</c> and <c>expenses.sync.unsuccessful</c>.</summary>
public sealed record ExpensesSyncPayload
{
    public ReferenceCompany? ReferenceCompany { get; init; }

    public string? SyncId { get; init; }

    public IReadOnlyList<ExpensesSyncTransaction>? Transactions { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
