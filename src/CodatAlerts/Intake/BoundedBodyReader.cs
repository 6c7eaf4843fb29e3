namespace CodatAlerts.Intake;

/// <summary>
/// Reads a request body once, refusing it as soon as it passes the cap, so an oversized body is answered 413 by the
/// app (the host would surface its own limit as a 500, which Codat's legacy sender never retries).
/// </summary>
internal static class BoundedBodyReader
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream body, int maxBytes, long? declaredLength, CancellationToken cancellationToken)
    {
        if (declaredLength > maxBytes)
        {
            return null;
        }

        var buffer = new byte[declaredLength is > 0 and var n ? (int)n + 1 : Math.Min(maxBytes + 1, 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > maxBytes)
        {
            return null;
        }

        return buffer.AsMemory(0, length);
    }
}
