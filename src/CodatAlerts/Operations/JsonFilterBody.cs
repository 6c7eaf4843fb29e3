using System.Globalization;
using System.Text.Json;

namespace CodatAlerts.Operations;

/// <summary>
/// The JSON filter bodies of the operator actions (re-run by filter, replay, close), read strictly: an object whose
/// every field is known and reads, text that is not blank, times that state their offset. A filter read as "any" would
/// widen an action to everything.
/// </summary>
internal static class JsonFilterBody
{
    /// <summary>
    /// Reads <paramref name="json"/> as an object, handing each field to <paramref name="accept"/>; false with the reason
    /// when it is not JSON, not an object, or a field is refused (<paramref name="expected"/> says what reads).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, Func<string, JsonElement, bool> accept, string expected, out string error)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object.";
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!accept(property.Name, property.Value))
                {
                    error = $"Field '{property.Name}' is unknown or its value does not read ({expected}).";
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            error = "The body is not JSON.";
            return false;
        }

        error = string.Empty;
        return true;
    }

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
