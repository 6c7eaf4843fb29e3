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
        var fields = new PoisonFilterFields();
        request = new PoisonCloseRequest(null, null, null, null, null, true);
        if (!JsonFilterBody.TryRead(json, fields.TryRead, PoisonFilterFields.Expected, out error))
        {
            return false;
        }

        request = new PoisonCloseRequest(fields.Partition, fields.ClientId, fields.RuleType, fields.Since, fields.Until, fields.DryRun);
        if (fields.WindowIsEmpty)
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
