using System.Globalization;
using System.Text;

namespace CodatAlerts.Records;

/// <summary>
/// Turns list filters into a Find Blobs by Tags expression over <see cref="AlertRecordTags"/>. Each of company, client
/// and rule type given adds a range over its tag (at most six clauses of the service's ten); with none of them, the
/// receipt time is the one ranged tag. Every value comes from the tag encoding or a formatted time, so none can hold a quote.
/// </summary>
public static class RecordListQuery
{
    /// <summary>The expression for <paramref name="request"/> (scoped to the records container by the caller).</summary>
    public static string For(RecordListRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clauses = new List<string>();
        if (request.CompanyId is { } company)
        {
            Range(clauses, AlertRecordTags.Company, AlertRecordTags.CompanyValue(company) + "/", request);
        }

        if (request.ClientId is { } client)
        {
            Range(clauses, AlertRecordTags.Client, AlertRecordTags.ClientValue(client) + "/", request);
        }

        if (request.RuleType is { } ruleType)
        {
            Range(clauses, AlertRecordTags.RuleType, AlertRecordTags.RuleTypeValue(ruleType) + "/", request);
        }

        if (clauses.Count == 0)
        {
            Range(clauses, AlertRecordTags.Received, string.Empty, request);
        }

        return string.Join(" AND ", clauses);
    }

    private static void Range(List<string> clauses, string tag, string prefix, RecordListRequest request)
    {
        // '0' is the character after '/', so "prefix" up to (not including) "prefix minus its '/' plus '0'" is every
        // value under the prefix; with no prefix, every ISO time starts with a digit.
        var lower = prefix + (request.Since is { } since ? AlertRecordTags.Time(since) : string.Empty);
        var upper = request.Until is { } until
            ? prefix + AlertRecordTags.Time(until)
            : prefix.Length > 0 ? prefix[..^1] + "0" : ":";
        clauses.Add(string.Format(CultureInfo.InvariantCulture, "\"{0}\" >= '{1}'", tag, lower));
        clauses.Add(string.Format(CultureInfo.InvariantCulture, "\"{0}\" < '{1}'", tag, upper));
    }

    /// <summary>
    /// A page position: the index's marker of the page being read, its size, and the last blob name answered from it
    /// (the index answers in name order, so the next call skips up to that name instead of counting, which stays right
    /// when the service cuts the page differently the second time).
    /// </summary>
    public static string Token(string? marker, int pageSize, string lastName) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{pageSize}\n{marker}\n{lastName}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads a <see cref="Token"/>; false for anything else.</summary>
    public static bool TryReadToken(string token, out string? marker, out int pageSize, out string lastName)
    {
        ArgumentNullException.ThrowIfNull(token);
        marker = null;
        pageSize = 0;
        lastName = string.Empty;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var parts = text.Split('\n');
            if (parts.Length != 3
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize)
                || pageSize is < 1 or > MaxPageSize)
            {
                return false;
            }

            marker = parts[1].Length == 0 ? null : parts[1];
            lastName = parts[2];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The service's largest page.</summary>
    public const int MaxPageSize = 5_000;
}
