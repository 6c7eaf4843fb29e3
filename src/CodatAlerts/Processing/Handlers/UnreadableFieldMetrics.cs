using System.Diagnostics.Metrics;
using System.Text;
using CodatAlerts.Telemetry;

namespace CodatAlerts.Processing.Handlers;

/// <summary>
/// Counts values of Codat bodies that did not fit their typed property and were kept raw
/// (<c>codat.alerts.field_unreadable</c>), by rule type and field: the early sign that Codat changed a payload.
/// </summary>
public sealed class UnreadableFieldMetrics
{
    /// <summary>The instrument's name.</summary>
    public const string Name = "codat.alerts.field_unreadable";

    /// <summary>The dimension naming the field: its path, lower-case, array indexes and dictionary keys left out.</summary>
    public const string FieldTag = "codat.field";

    private readonly Counter<long> _unreadable;

    public UnreadableFieldMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _unreadable = meterFactory.Create(TelemetryNames.Source)
            .CreateCounter<long>(Name, "{field}", "Values that did not fit their typed field and were kept raw for the handler.");
    }

    /// <summary>One value at <paramref name="path"/> of a <paramref name="ruleType"/> alert was kept raw.</summary>
    public void Unreadable(string ruleType, string path) =>
        _unreadable.Add(
            1,
            new KeyValuePair<string, object?>(TelemetryTags.RuleType, ruleType),
            new KeyValuePair<string, object?>(FieldTag, Label(path)));

    /// <summary>
    /// The field's dimension value. Its cardinality must stay that of the contracts, not of the bodies: array indexes
    /// become <c>[]</c>, and a company's <c>tags</c> (the one map of free keys Codat sends) end the label.
    /// </summary>
    public static string Label(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var label = new StringBuilder(path.Length);
        var inIndex = false;
        foreach (var c in path)
        {
            if (c == '[')
            {
                inIndex = true;
                label.Append("[]");
            }
            else if (c == ']')
            {
                inIndex = false;
            }
            else if (!inIndex)
            {
                label.Append(char.ToLowerInvariant(c));
            }
        }

        var text = label.ToString();
        var tags = text.IndexOf(".tags.", StringComparison.Ordinal);
        return tags >= 0 ? text[..(tags + ".tags".Length)] : text;
    }
}
