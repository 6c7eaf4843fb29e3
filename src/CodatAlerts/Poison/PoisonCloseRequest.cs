using System.Text.Json;
using CodatAlerts.Operations;
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
        var read = new PoisonCloseRequest(null, null, null, null, null, true);
        var readable = JsonFilterBody.TryRead(
            json,
            (name, value) =>
            {
                switch (name)
                {
                    case "partition" when value.TryGetInt32(out var p) && p >= 0 && p < AlertPartitions.Count:
                        read = read with { Partition = p };
                        return true;
                    case "clientId" when JsonFilterBody.Text(value) is { } client:
                        read = read with { ClientId = client };
                        return true;
                    case "ruleType" when JsonFilterBody.Text(value) is { } ruleType:
                        read = read with { RuleType = ruleType };
                        return true;
                    case "since" when JsonFilterBody.Time(value) is { } since:
                        read = read with { Since = since };
                        return true;
                    case "until" when JsonFilterBody.Time(value) is { } until:
                        read = read with { Until = until };
                        return true;
                    case "dryRun" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        read = read with { DryRun = value.GetBoolean() };
                        return true;
                    default:
                        return false;
                }
            },
            $"partition 0–{AlertPartitions.Count - 1}, times ISO 8601 with an offset, dryRun true or false, no empty text",
            out error);
        request = read;
        if (!readable)
        {
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
}
