using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodatAlerts.Simulator.Alerts;

/// <summary>The Codat client IDs a run spreads its alerts over.</summary>
internal static class ClientIds
{
    /// <summary>The client of Codat's examples ("Bank of Dave"), used when no <c>--client-id</c> is given.</summary>
    public const string Default = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";

    /// <summary>
    /// <paramref name="first"/> followed by <paramref name="count"/> − 1 further IDs. The further IDs are derived from
    /// their position, not random, so repeated runs hit the same clients (and the same partitions) and a receiver can be
    /// configured for them once.
    /// </summary>
    public static IReadOnlyList<string> Create(string first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var ids = new List<string>(count) { first };
        for (var i = 1; i < count; i++)
        {
            ids.Add(Derive(i));
        }

        return ids;
    }

    private static string Derive(int index)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"codat-sim/client/{index}")), hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 in Guid's little-endian layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
