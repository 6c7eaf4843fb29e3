using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>Payload of <c>client.rateLimit.reached</c> and <c>client.rateLimit.reset</c>.</summary>
public sealed record RateLimitPayload
{
    public int? DailyQuota { get; init; }

    public int? QuotaRemaining { get; init; }

    public DateTimeOffset? ExpiryDate { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
