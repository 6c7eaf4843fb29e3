using System.Text;

namespace CodatAlerts.Queueing;

/// <summary>
/// 32-bit FNV-1a over the UTF-8 bytes of a string: the same value in every process, on every machine and in every
/// .NET version, unlike <see cref="string.GetHashCode()"/>, which is randomised per process.
/// </summary>
internal static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Fnv1a32(string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var bytes = byteCount <= buffer.Length ? buffer[..byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(value, bytes);

        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }
}
