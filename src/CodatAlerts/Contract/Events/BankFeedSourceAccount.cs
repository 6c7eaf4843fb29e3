using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>A bank-feed source account. Holds account numbers: never log it whole.</summary>
public sealed record BankFeedSourceAccount
{
    public string? Id { get; init; }

    public string? AccountName { get; init; }

    public string? AccountType { get; init; }

    public string? AccountNumber { get; init; }

    public string? SortCode { get; init; }

    public string? Currency { get; init; }

    public decimal? Balance { get; init; }

    public DateTimeOffset? ModifiedDate { get; init; }

    public string? Status { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
