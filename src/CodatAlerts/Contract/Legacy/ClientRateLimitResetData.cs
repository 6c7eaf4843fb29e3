using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Rate Limit Reset</c> (rule 13); PascalCase on the wire.</summary>
public sealed record ClientRateLimitResetData
{
    public int? QuotaRemaining { get; init; }

    /// <summary>Codat's explanation, e.g. "The quota was reset because it is a new day."</summary>
    public string? ResetReason { get; init; }

    public int? DailyQuota { get; init; }

    public DateTimeOffset? ExpiresUtc { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
