using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Rate Limit Reached</c> (rule 12); PascalCase on the wire.</summary>
public sealed record ClientRateLimitReachedData
{
    public int? DailyQuota { get; init; }

    public DateTimeOffset? ExpiresUtc { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
