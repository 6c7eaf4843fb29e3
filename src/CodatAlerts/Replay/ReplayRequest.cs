using System.Collections.Specialized;
using System.Globalization;
using CodatAlerts.Operations;
using CodatAlerts.Operations.Background;
using CodatAlerts.Poison;
using CodatAlerts.Queueing;
using CodatAlerts.Records;

namespace CodatAlerts.Replay;

/// <summary>Which poison messages to move back, parsed from the operator call's query string (scripts) or JSON body (the console).</summary>
/// <param name="Partition">Only this partition's poison queue; null for all.</param>
/// <param name="ClientId">Only alerts of this client (case-insensitive); null for all.</param>
/// <param name="RuleType">Only alerts of this rule type (case-insensitive); null for all.</param>
/// <param name="Max">At most this many matches; the scan stops there, in a dry run too, so the count is what a real run would move.</param>
/// <param name="DryRun">Only count. The default: moving requires an explicit <c>dryRun=false</c>.</param>
/// <param name="Since">Only alerts the intake received at or after this time; null for no lower bound.</param>
/// <param name="Until">Only alerts the intake received before this time; null for no upper bound.</param>
public sealed record ReplayRequest(int? Partition, string? ClientId, string? RuleType, int Max, bool DryRun, DateTimeOffset? Since = null, DateTimeOffset? Until = null)
{
    public const int DefaultMax = 100;

    public const int MaxLimit = 5_000;

    private static readonly string[] Parameters = ["partition", "clientId", "ruleType", "since", "until", "max", "dryRun"];

    /// <summary>
    /// Parses the query. Unknown parameters are refused rather than ignored: a misspelt filter
    /// (<c>client=</c>) would otherwise widen the replay to everything.
    /// </summary>
    public static bool TryParse(NameValueCollection query, out ReplayRequest request, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        request = new ReplayRequest(null, null, null, DefaultMax, DryRun: true);
        error = string.Empty;

        // "code" carries the function key when the URL comes from the portal; the host checks it, not the replay.
        if (!QueryParameters.OnlyKnown(query, Parameters, out error) || !EachGivenOnceWithAValue(query, out error))
        {
            return false;
        }

        int? partition = null;
        if (query["partition"] is { } p)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value >= AlertPartitions.Count)
            {
                error = $"partition must be a number from 0 to {AlertPartitions.Count - 1}.";
                return false;
            }

            partition = value;
        }

        var max = DefaultMax;
        if (query["max"] is { } m && (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxLimit))
        {
            error = $"max must be a number from 1 to {MaxLimit}.";
            return false;
        }

        if (!QueryParameters.TryFlag(query, "dryRun", fallback: true, out var dryRun, out error)
            || !QueryParameters.TryTime(query, "since", out var since, out error)
            || !QueryParameters.TryTime(query, "until", out var until, out error))
        {
            return false;
        }

        if (since is { } from && until is { } to && to <= from)
        {
            error = "until must be later than since.";
            return false;
        }

        request = new ReplayRequest(partition, query["clientId"]?.Trim(), query["ruleType"]?.Trim(), max, dryRun, since, until);
        return true;
    }

    /// <summary>
    /// False, with the reason, when a parameter is given empty (<c>clientId=</c>) or twice. Read as "no filter", an
    /// empty value would silently widen the replay to every client; read as the empty string it would match nothing:
    /// either way not what the caller meant, so it is refused. A repeated one would be joined with a comma.
    /// </summary>
    private static bool EachGivenOnceWithAValue(NameValueCollection query, out string error)
    {
        foreach (var name in Parameters)
        {
            if (query.GetValues(name) is not { } values)
            {
                continue;
            }

            if (values.Length > 1)
            {
                error = $"{name} is given {values.Length} times; give it once.";
                return false;
            }

            if (string.IsNullOrWhiteSpace(values[0]))
            {
                error = $"{name} is empty; leave it out to not filter by it.";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    /// <summary>
    /// Parses the console's JSON body <c>{partition?, clientId?, ruleType?, since?, until?, max?, dryRun}</c>: the same
    /// filters as the query string, as strict (unknown or empty fields refused), with a dry run the default; <c>max</c>
    /// defaults to <see cref="MaxLimit"/>.
    /// </summary>
    public static bool TryParseJson(ReadOnlySpan<byte> json, out ReplayRequest request, out string error)
    {
        // Without max, as far as one operation goes: the console's dry run then counts what the filter selects, not 100 of it.
        var fields = new PoisonFilterFields();
        var max = MaxLimit;
        request = new ReplayRequest(null, null, null, MaxLimit, DryRun: true);
        var readable = JsonFilterBody.TryRead(
            json,
            (name, value) => name == "max"
                ? value.TryGetInt32(out max) && max is >= 1 and <= MaxLimit
                : fields.TryRead(name, value),
            $"{PoisonFilterFields.Expected}, max 1–{MaxLimit}",
            out error);
        if (!readable)
        {
            return false;
        }

        request = new ReplayRequest(fields.Partition, fields.ClientId, fields.RuleType, max, fields.DryRun, fields.Since, fields.Until);
        if (fields.WindowIsEmpty)
        {
            error = "until must be later than since.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The filter as a replay operation's status blob and the audit trail keep it.</summary>
    public SortedDictionary<string, string> Describe()
    {
        var described = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["max"] = Max.ToString(CultureInfo.InvariantCulture) };
        RerunFilter.Add(described, "partition", Partition?.ToString(CultureInfo.InvariantCulture));
        RerunFilter.Add(described, "clientId", ClientId);
        RerunFilter.Add(described, "ruleType", RuleType);
        RerunFilter.Add(described, "since", Since is { } s ? JsonFilterBody.Format(s) : null);
        RerunFilter.Add(described, "until", Until is { } u ? JsonFilterBody.Format(u) : null);
        return described;
    }

    /// <summary>Reads a replay back from a status blob (never a dry run).</summary>
    public static ReplayRequest FromDescription(IReadOnlyDictionary<string, string> described)
    {
        ArgumentNullException.ThrowIfNull(described);
        return new ReplayRequest(
            described.TryGetValue("partition", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : null,
            described.GetValueOrDefault("clientId"),
            described.GetValueOrDefault("ruleType"),
            int.Parse(described["max"], CultureInfo.InvariantCulture),
            DryRun: false,
            described.TryGetValue("since", out var s) ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null,
            described.TryGetValue("until", out var u) ? DateTimeOffset.Parse(u, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The partitions whose poison queues the request reads.</summary>
    public IEnumerable<int> Partitions => Partition is { } p ? [p] : Enumerable.Range(0, AlertPartitions.Count);

    /// <summary>
    /// Whether a poison message falls under the filters. A message that is not a readable envelope has no client,
    /// rule type or receipt time, so only an unfiltered replay moves it. The time window is the intake's receipt of
    /// the alert (the envelope's <c>receivedAt</c>), not when it failed: "what arrived between 02:00 and 03:00".
    /// </summary>
    public bool Matches(AlertEnvelope? envelope) =>
        (ClientId is null || (envelope is not null && string.Equals(envelope.ClientId.Trim(), ClientId, StringComparison.OrdinalIgnoreCase)))
        && (RuleType is null || (envelope is not null && string.Equals(envelope.RuleType, RuleType, StringComparison.OrdinalIgnoreCase)))
        && (Since is null || (envelope is not null && envelope.ReceivedAt >= Since))
        && (Until is null || (envelope is not null && envelope.ReceivedAt < Until));
}
