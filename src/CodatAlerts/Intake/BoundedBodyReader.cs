using System.Buffers;

namespace CodatAlerts.Intake;

/// <summary>
/// Reads a request body once into a pooled buffer, refusing it as soon as it passes the cap, so an oversized body is
/// answered 413 by the app (the host would surface its own limit as a 500, which Codat's legacy sender never retries).
/// </summary>
internal static class BoundedBodyReader
{
    private const int InitialBufferBytes = 4 * 1024;

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>. Dispose it to return the buffer.</summary>
    public static async Task<PooledBody?> ReadAsync(Stream body, int maxBytes, long? declaredLength, CancellationToken cancellationToken)
    {
        if (declaredLength > maxBytes)
        {
            return null;
        }

        // One byte more than expected, so that a body longer than declared or than the cap is noticed without a
        // further read.
        var size = declaredLength is >= 0 and var n ? (int)n + 1 : Math.Min(maxBytes + 1, InitialBufferBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return new PooledBody(buffer, length);
    }
}
