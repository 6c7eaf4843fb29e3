using System.Text.Json;
using CodatAlerts.Processing;
using CodatAlerts.Records;

namespace CodatAlerts.Operations.Background;

/// <summary>
/// The body of <c>POST /api/operations/rerun</c>: <c>{clientId?, ruleType?, state?, companyId?, since, until, dryRun}</c>.
/// Strict as the records list: an unknown or empty field, a time without its offset or a window that is missing or
/// empty is refused, since a filter read as "any" would re-run everything.
/// </summary>
public sealed record RerunFilter(string? ClientId, string? RuleType, AlertRecordState? State, string? CompanyId, DateTimeOffset Since, DateTimeOffset Until, bool DryRun)
{
    /// <summary>Reads the JSON body; false with the reason when it does not read.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out RerunFilter filter, out string error)
    {
        filter = null!;
        string? clientId = null, ruleType = null, companyId = null;
        AlertRecordState? state = null;
        DateTimeOffset? since = null, until = null;
        var dryRun = true;
        var read = JsonFilterBody.TryRead(
            json,
            (name, value) =>
            {
                switch (name)
                {
                    case "clientId" when JsonFilterBody.Text(value) is { } text:
                        clientId = text;
                        return true;
                    case "ruleType" when JsonFilterBody.Text(value) is { } text:
                        ruleType = text;
                        return true;
                    case "companyId" when JsonFilterBody.Text(value) is { } text:
                        companyId = text;
                        return true;
                    case "state" when JsonFilterBody.Text(value) is { } text && StateNamed(text) is { } named:
                        state = named;
                        return true;
                    case "since" when JsonFilterBody.Time(value) is { } time:
                        since = time;
                        return true;
                    case "until" when JsonFilterBody.Time(value) is { } time:
                        until = time;
                        return true;
                    case "dryRun" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        dryRun = value.GetBoolean();
                        return true;
                    default:
                        return false;
                }
            },
            "state processing, completed, released or failed; times ISO 8601 with an offset; dryRun true or false; no empty text",
            out error);
        if (!read)
        {
            return false;
        }

        if (since is not { } from || until is not { } to)
        {
            error = "since and until are required: a re-run by filter always has a window.";
            return false;
        }

        if (to <= from)
        {
            error = "until must be later than since.";
            return false;
        }

        filter = new RerunFilter(clientId, ruleType, state, companyId, from, to, dryRun);
        error = string.Empty;
        return true;
    }

    /// <summary>The first page of the records list this filter walks (name order: stable while records change).</summary>
    public RecordListRequest ListRequest(string? continuation, int pageSize) =>
        new(ClientId, State, RuleType, Since, Until, pageSize, continuation) { CompanyId = CompanyId, Order = RecordOrder.Name };

    /// <summary>The filter as the status blob and the audit trail keep it.</summary>
    public SortedDictionary<string, string> Describe()
    {
        var described = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["since"] = JsonFilterBody.Format(Since),
            ["until"] = JsonFilterBody.Format(Until),
        };
        Add(described, "clientId", ClientId);
        Add(described, "ruleType", RuleType);
        Add(described, "state", State is { } s ? AlertRecordMetadata.Format(s) : null);
        Add(described, "companyId", CompanyId);
        return described;
    }

    /// <summary>Reads a filter back from a status blob.</summary>
    public static RerunFilter FromDescription(IReadOnlyDictionary<string, string> described)
    {
        ArgumentNullException.ThrowIfNull(described);
        return new RerunFilter(
            described.GetValueOrDefault("clientId"),
            described.GetValueOrDefault("ruleType"),
            described.TryGetValue("state", out var s) ? StateNamed(s) : null,
            described.GetValueOrDefault("companyId"),
            DateTimeOffset.Parse(described["since"], System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(described["until"], System.Globalization.CultureInfo.InvariantCulture),
            DryRun: false);
    }

    internal static void Add(SortedDictionary<string, string> described, string name, string? value)
    {
        if (value is not null)
        {
            described[name] = value;
        }
    }

    // Only a state's name: Enum.TryParse would also take numbers and flag combinations.
    private static AlertRecordState? StateNamed(string text) =>
        Enum.GetNames<AlertRecordState>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<AlertRecordState>(name)
            : null;
}
