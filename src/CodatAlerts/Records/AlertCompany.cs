using System.Text.Json;

namespace CodatAlerts.Records;

/// <summary>
/// The Codat company an archived body concerns, found by one forward scan of the JSON (no parse into objects): the
/// legacy <c>CompanyId</c> at the top, or an event's <c>payload.referenceCompany.id</c> (reference §4). Null when the
/// body has none (client-wide alerts), is not JSON, or holds it in another place. Read once, at the claim that
/// creates the record, to index the record for company search.
/// </summary>
public static class AlertCompany
{
    /// <summary>The company id, or null.</summary>
    public static string? Find(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? FindIn(ref reader, 0) : null;
        }
        catch (JsonException)
        {
            return null; // Not JSON: the record is still written, only without the company tag.
        }
        catch (InvalidOperationException)
        {
            return null; // A string that is not valid UTF-8.
        }
    }

    // Depth 0: the alert; 1: its payload; 2: payload.referenceCompany.
    private static string? FindIn(ref Utf8JsonReader reader, int depth)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (!reader.Read())
            {
                return null;
            }

            var wanted = depth switch
            {
                0 => Is(name, "CompanyId") ? Want.Value : Is(name, "payload") ? Want.Object : Want.Nothing,
                1 => Is(name, "referenceCompany") ? Want.Object : Is(name, "companyId") ? Want.Value : Want.Nothing,
                _ => Is(name, "id") ? Want.Value : Want.Nothing,
            };
            if (wanted == Want.Value && reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } id)
            {
                return id;
            }

            if (wanted == Want.Object && reader.TokenType == JsonTokenType.StartObject)
            {
                return FindIn(ref reader, depth + 1);
            }

            reader.Skip();
        }

        return null;
    }

    private static bool Is(string? name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private enum Want
    {
        Nothing,
        Value,
        Object,
    }
}
