using System.Collections.Specialized;
using System.Globalization;
using CodatAlerts.Processing;

namespace CodatAlerts.Records;

/// <summary>Which records to list, parsed from the query string of <c>GET /api/records</c>.</summary>
/// <param name="ClientId">Only this client's alerts; null for all.</param>
/// <param name="State">Only records in this state (read from each record, not from the index); null for all.</param>
/// <param name="RuleType">Only this canonical rule type (exact case, as the record stores it); null for all.</param>
/// <param name="Since">Received at or after this time; null for no lower bound.</param>
/// <param name="Until">Received before this time; null for no upper bound.</param>
/// <param name="Max">At most this many records in the answer.</param>
/// <param name="Continuation">Where the previous page stopped, from its answer; null for the first page.</param>
/// <remarks>The page size is <c>limit</c> (<c>max</c> is its older name, still read).</remarks>
public sealed record RecordListRequest(
    string? ClientId,
    AlertRecordState? State,
    string? RuleType,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    int Max,
    string? Continuation)
{
    public const int DefaultMax = 100;

    public const int MaxLimit = 1_000;

    private static readonly string[] Parameters = ["clientId", "state", "ruleType", "companyId", "since", "until", "order", "limit", "max", "continuation"];

    /// <summary>Name order (the index's own, cheapest) or newest first.</summary>
    public RecordOrder Order { get; init; }

    /// <summary>Only this Codat company's alerts; null for all.</summary>
    public string? CompanyId { get; init; }

    /// <summary>Parses the query; an unknown parameter is refused, so a misspelt filter cannot widen the list.</summary>
    public static bool TryParse(NameValueCollection query, out RecordListRequest request, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        request = new RecordListRequest(null, null, null, null, null, DefaultMax, null);
        if (!QueryParameters.OnlyKnown(query, Parameters, out error))
        {
            return false;
        }

        AlertRecordState? state = null;
        if (QueryParameters.NonEmpty(query["state"]) is { } s)
        {
            // Only a state's name: Enum.TryParse would also take numbers and "completed,released" (combined as flags).
            if (Enum.GetNames<AlertRecordState>().FirstOrDefault(n => n.Equals(s, StringComparison.OrdinalIgnoreCase)) is not { } name
                || !Enum.TryParse<AlertRecordState>(name, out var parsed))
            {
                error = "state must be processing, completed, released or failed.";
                return false;
            }

            state = parsed;
        }

        if (!QueryParameters.TryTime(query, "since", out var since, out error) || !QueryParameters.TryTime(query, "until", out var until, out error))
        {
            return false;
        }

        if (since is { } from && until is { } to && to <= from)
        {
            error = "until must be later than since.";
            return false;
        }

        var max = DefaultMax;
        var limitName = query["limit"] is not null ? "limit" : "max";
        if (query[limitName] is { } m && (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxLimit))
        {
            error = $"{limitName} must be a number from 1 to {MaxLimit}.";
            return false;
        }

        var order = RecordOrder.Name;
        if (query["order"] is { } o && !TryOrder(o, out order))
        {
            error = "order must be newest or name.";
            return false;
        }

        var continuation = QueryParameters.NonEmpty(query["continuation"]);
        var readable = order == RecordOrder.Newest
            ? NewestCursor.TryRead(continuation ?? string.Empty, out _)
            : RecordListQuery.TryReadToken(continuation ?? string.Empty, out _, out _, out _);
        if (continuation is not null && !readable)
        {
            error = "continuation is not a token this endpoint gave (with this order).";
            return false;
        }

        request = new RecordListRequest(
            QueryParameters.NonEmpty(query["clientId"]),
            state,
            QueryParameters.NonEmpty(query["ruleType"]),
            since,
            until,
            max,
            continuation)
        {
            Order = order,
            CompanyId = QueryParameters.NonEmpty(query["companyId"]),
        };
        return true;
    }

    private static bool TryOrder(string text, out RecordOrder order)
    {
        order = text.Trim().ToLowerInvariant() switch
        {
            "newest" => RecordOrder.Newest,
            "name" => RecordOrder.Name,
            _ => (RecordOrder)(-1),
        };
        return Enum.IsDefined(order);
    }
}
