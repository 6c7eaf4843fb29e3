using System.Collections;
using System.Globalization;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Telemetry;

/// <summary>
/// The logging scope of one alert: every log line written inside it carries <c>ClientId</c>, <c>DedupKey</c>,
/// <c>RuleType</c> and <c>Partition</c> (in Application Insights, as <c>customDimensions</c>), so "what happened to
/// alert X" is one query on <c>DedupKey</c>. It holds those four values and nothing else from the envelope: never the
/// body.
/// </summary>
public sealed class AlertLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _values;

    private AlertLogScope(KeyValuePair<string, object?>[] values) => _values = values;

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>The scope of an envelope: an authenticated alert.</summary>
    public static AlertLogScope For(AlertEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return new AlertLogScope(
        [
            new("ClientId", envelope.ClientId),
            new("DedupKey", envelope.DedupKey),
            new("RuleType", envelope.RuleType),
            new("Partition", envelope.Partition.ToString("00", CultureInfo.InvariantCulture)),
        ]);
    }

    /// <summary>The scope of a request before it is classified: only the client ID it claims.</summary>
    public static AlertLogScope ForRequest(string? claimedClientId) =>
        new([new("ClientId", claimedClientId ?? string.Empty)]);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Console and simple providers print a scope with ToString().
    public override string ToString() =>
        string.Join(", ", _values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}:{v.Value}")));
}
