using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>Payload of <c>bankFeeds.sourceAccount.connected</c> and <c>.disconnected</c>.</summary>
public sealed record BankFeedSourceAccountPayload
{
    public ReferenceCompany? ReferenceCompany { get; init; }

    /// <summary>Deprecated by Codat in favour of <see cref="ReferenceCompany"/>.</summary>
    public string? CompanyId { get; init; }

    public string? ConnectionId { get; init; }

    public BankFeedSourceAccount? SourceAccount { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
