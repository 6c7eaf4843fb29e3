namespace CodatAlerts.Contract.Parsing;

/// <summary>Removes one member of a JSON document by its byte range (from <see cref="JsonValueLocator"/>), leaving every other byte as it was.</summary>
internal static class JsonSplice
{
    /// <summary>
    /// A copy of <paramref name="json"/> without the member at <paramref name="range"/> (an object's
    /// <c>"name": value</c> or an array's element) and one comma beside it.
    /// </summary>
    public static byte[] RemoveMember(ReadOnlySpan<byte> json, Range range)
    {
        var (start, length) = range.GetOffsetAndLength(json.Length);
        var end = start + length;
        var after = SkipWhitespace(json, end, forward: true);
        if (after < json.Length && json[after] == (byte)',')
        {
            return Cut(json, start..(after + 1));
        }

        var before = SkipWhitespace(json, start - 1, forward: false);
        return before >= 0 && json[before] == (byte)','
            ? Cut(json, before..end)
            : Cut(json, start..end);
    }

    private static byte[] Cut(ReadOnlySpan<byte> json, Range range)
    {
        var (offset, length) = range.GetOffsetAndLength(json.Length);
        return [.. json[..offset], .. json[(offset + length)..]];
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int index, bool forward)
    {
        while (index >= 0 && index < json.Length && json[index] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            index += forward ? 1 : -1;
        }

        return index;
    }
}
