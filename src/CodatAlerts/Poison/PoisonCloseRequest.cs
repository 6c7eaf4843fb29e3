using System.Text.Json;
using CodatAlerts.Queueing;

namespace CodatAlerts.Poison;

/// <summary>
/// The filter of <c>POST /api/poison/close</c> as the console sends it:
/// <c>{"partition"?, "clientId"?, "ruleType"?, "since"?, "until"?, "dryRun"}</c>. Strict: an unknown or empty field,
/// a time without an offset or a partition out of range is refused, since a filter read as "any" would widen a close
/// to every poison message.
/// </summary>
public sealed record PoisonCloseRequest(int? Partition, string? ClientId, string? RuleType, DateTimeOffset? Since, DateTimeOffset? Until, bool DryRun)
{
    /// <summary>Reads the JSON body; false with the reason when it does not read.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out PoisonCloseRequest request, out string error)
    {
        request = new PoisonCloseRequest(null, null, null, null, null, true);
        error = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object.";
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "partition" when value.TryGetInt32(out var p) && p >= 0 && p < AlertPartitions.Count:
                        request = request with { Partition = p };
                        break;
                    case "clientId" when Text(value) is { } client:
                        request = request with { ClientId = client };
                        break;
                    case "ruleType" when Text(value) is { } ruleType:
                        request = request with { RuleType = ruleType };
                        break;
                    case "since" when Time(value) is { } since:
                        request = request with { Since = since };
                        break;
                    case "until" when Time(value) is { } until:
                        request = request with { Until = until };
                        break;
                    case "dryRun" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        request = request with { DryRun = value.GetBoolean() };
                        break;
                    default:
                        error = $"Field '{property.Name}' is unknown or its value does not read (partition 0–{AlertPartitions.Count - 1}, times ISO 8601 with an offset, dryRun true or false, no empty text).";
                        return false;
                }
            }
        }
        catch (JsonException)
        {
            error = "The body is not JSON.";
            return false;
        }

        if (request.Since >= request.Until)
        {
            error = "until must follow since.";
            return false;
        }

        return true;
    }

    /// <summary>Whether a poison message's readable alert matches; one that is not an envelope never does.</summary>
    public bool Matches(int partition, AlertEnvelope? envelope) =>
        envelope is not null
        && (Partition is null || Partition == partition)
        && (ClientId is null || string.Equals(ClientId, envelope.ClientId.Trim(), StringComparison.OrdinalIgnoreCase))
        && (RuleType is null || string.Equals(RuleType, envelope.RuleType, StringComparison.OrdinalIgnoreCase))
        && (Since is null || envelope.ReceivedAt >= Since)
        && (Until is null || envelope.ReceivedAt < Until);

    /// <summary>The filter as the audit trail keeps it.</summary>
    public string Describe() =>
        $"partition={Partition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} clientId={ClientId ?? "any"} ruleType={RuleType ?? "any"} since={Since?.ToString("O") ?? "any"} until={Until?.ToString("O") ?? "any"}";

    private static string? Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static DateTimeOffset? Time(JsonElement value)
    {
        // Only a time that states its offset: one without would silently mean the server's zone.
        if (Text(value) is not { } text || !(text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':')))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time) ? time : null;
    }
}
