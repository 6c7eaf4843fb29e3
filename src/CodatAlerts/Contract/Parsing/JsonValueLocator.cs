using System.Text.Json;

namespace CodatAlerts.Contract.Parsing;

/// <summary>Finds the bytes of the value at a <see cref="JsonValuePath"/> in a JSON document, without decoding its strings.</summary>
internal static class JsonValueLocator
{
    /// <summary>
    /// The range of the value at <paramref name="path"/>, and of its whole member (from the property name, for an
    /// object's member; the value itself, for an array's element). Property names are matched exactly, as the serializer names
    /// them in its path; where a name repeats, the first occurrence that is not <c>null</c> is taken, as that is the one
    /// the serializer failed on (a <c>null</c> occurrence always reads).
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> json, JsonValuePath path, out Range value, out Range member)
    {
        value = default;
        member = default;
        var memberStart = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            foreach (var segment in path.Segments)
            {
                if (!(segment.Name is { } name ? MoveToProperty(ref reader, name, out memberStart) : MoveToElement(ref reader, segment.Index, out memberStart)))
                {
                    return false;
                }
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            value = start..(int)reader.BytesConsumed;
            member = memberStart..(int)reader.BytesConsumed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool MoveToProperty(ref Utf8JsonReader reader, string name, out int memberStart)
    {
        memberStart = 0;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            var matches = reader.ValueTextEquals(name);
            memberStart = (int)reader.TokenStartIndex;
            reader.Read();
            if (matches && reader.TokenType != JsonTokenType.Null)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static bool MoveToElement(ref Utf8JsonReader reader, int index, out int memberStart)
    {
        memberStart = 0;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var depth = reader.CurrentDepth;
        for (var i = 0; reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth); i++)
        {
            if (i == index)
            {
                memberStart = (int)reader.TokenStartIndex;
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
