using System.Buffers;

namespace CodatAlerts.Intake;

/// <summary>
/// Reads a request body once, refusing it as soon as it passes the cap, so an oversized body is answered 413 by the app
/// (the host would surface its own limit as a 500, which Codat's legacy sender never retries).
/// </summary>
/// <remarks>
/// Memory is the point: the body is read into the one array that then travels on the envelope and is uploaded or
/// encoded from there, never copied again. With a <c>Content-Length</c> (both Codat senders send one) that array is
/// allocated at the declared size, nothing else is, and exactly that many bytes are the body, as HTTP frames it (a
/// stream that ends early gives a shorter body, which then fails its signature or its parse). Without one, the body
/// grows in pooled buffers and is copied once into its array, and no more than the cap plus one byte is ever read, so a
/// body over the cap costs at most the cap, never twice it.
/// </remarks>
internal static class BoundedBodyReader
{
    private const int InitialBufferBytes = 4 * 1024;

    /// <summary>The body, exactly, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, int maxBytes, long? declaredLength, CancellationToken cancellationToken)
    {
        if (declaredLength > maxBytes)
        {
            return null;
        }

        if (declaredLength is null or 0)
        {
            return await GrowAsync(body, maxBytes, cancellationToken);
        }

        var exact = GC.AllocateUninitializedArray<byte>((int)declaredLength.Value);
        var filled = 0;
        while (filled < exact.Length)
        {
            var read = await body.ReadAsync(exact.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return exact.AsSpan(0, filled).ToArray();
            }

            filled += read;
        }

        return exact;
    }

    /// <summary>Reads a body of unknown length in pooled buffers that double up to the cap plus one byte, and no further.</summary>
    private static async Task<byte[]?> GrowAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var limit = maxBytes + 1;
        var length = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, InitialBufferBytes));
        try
        {
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // Never more than the limit, whatever size the pool handed out.
                var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return length > maxBytes ? null : buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
