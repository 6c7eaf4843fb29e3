using System.Globalization;
using System.Text.Json;

namespace CodatAlerts.Operations.Background;

/// <summary>The values a JSON filter body may hold, read strictly: text that is not blank, times that state their offset.</summary>
internal static class JsonFilterFields
{
    /// <summary>The trimmed text; null when not a string or blank (a blank filter would widen an action to everything).</summary>
    public static string? Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary>An ISO 8601 time with its offset, in UTC; null otherwise (one without would silently mean the server's zone).</summary>
    public static DateTimeOffset? Time(JsonElement value)
    {
        if (Text(value) is not { } text || !(text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':')))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToUniversalTime() : null;
    }

    /// <summary>A time as a filter keeps it.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
