using System.Collections.Specialized;
using System.Globalization;

namespace CodatAlerts.Records;

/// <summary>Query-string rules shared by the admin endpoints.</summary>
public static class QueryParameters
{
    /// <summary>The function key's parameter when a URL comes from the portal; the host checks it, not the endpoint.</summary>
    public const string FunctionKey = "code";

    /// <summary>
    /// False, with the reason, when the query holds a parameter outside <paramref name="allowed"/> (and <c>code</c>),
    /// or a parameter with a blank value: <c>clientId=</c> from a script whose variable was empty would otherwise read
    /// as "no filter" and silently widen a list or a bulk action to every alert.
    /// </summary>
    public static bool OnlyKnown(NameValueCollection query, IReadOnlyCollection<string> allowed, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var key in query.AllKeys)
        {
            if (key is null || (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase) && !key.Equals(FunctionKey, StringComparison.OrdinalIgnoreCase)))
            {
                error = $"Unknown parameter '{key}'. Allowed: {string.Join(", ", allowed)}.";
                return false;
            }

            if (query.GetValues(key) is not { } values || values.Any(string.IsNullOrWhiteSpace))
            {
                error = $"Parameter '{key}' is empty; leave it out to mean \"any\".";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Reads <c>true</c> or <c>false</c> (any case); <paramref name="fallback"/> when the parameter is absent.</summary>
    public static bool TryFlag(NameValueCollection query, string name, bool fallback, out bool value, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        value = fallback;
        error = string.Empty;
        if (query[name] is { } text && !bool.TryParse(text, out value))
        {
            error = $"{name} must be true or false.";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads an ISO 8601 time that states its offset (<c>2026-03-02T02:00:00Z</c>, <c>…+01:00</c>): a time without one
    /// would silently mean the server's zone, so it is refused.
    /// </summary>
    public static bool TryTime(NameValueCollection query, string name, out DateTimeOffset? time, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        time = null;
        error = string.Empty;
        if (NonEmpty(query[name]) is not { } text)
        {
            return true;
        }

        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            error = $"{name} must be an ISO 8601 time with its offset, e.g. 2026-03-02T02:00:00Z (write + as %2B).";
            return false;
        }

        time = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>The trimmed value, or null when absent or blank.</summary>
    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t < 0)
        {
            return false;
        }

        var clock = text[(t + 1)..];
        return clock.EndsWith('Z') || clock.EndsWith('z') || clock.Contains('+', StringComparison.Ordinal) || clock.Contains('-', StringComparison.Ordinal);
    }
}
