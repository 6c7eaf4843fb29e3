using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodatAlerts.Processing;

/// <summary>
/// The blob name of an alert's record: <c>{client}/{dedupKey}.json</c>. Codat's keys (GUIDs, <c>msg_…</c>) pass
/// through readable; anything else is encoded, never rejected, because an accepted alert must always get a record.
/// </summary>
/// <remarks>
/// Characters outside <c>[A-Za-z0-9_-]</c> become <c>~XX</c> per UTF-8 byte (upper-case hex), so a key can never
/// add a path segment (<c>/</c>, <c>..</c>), end in a dot or carry characters blob names handle badly, and two
/// distinct keys never share a name. A key whose encoding would exceed <see cref="MaxEncodedLength"/> is named by its
/// SHA-256 instead (<c>~h</c> + hex, a form the encoding itself cannot produce).
/// </remarks>
public static class AlertRecordName
{
    /// <summary>The client segment for an alert whose sender named no client (the default credentials matched).</summary>
    public const string NoClient = "_";

    /// <summary>Longest encoded segment kept verbatim; blob names allow 1,024 characters in all.</summary>
    public const int MaxEncodedLength = 400;

    /// <summary>The record's blob name within <see cref="Queueing.AlertContainers.Records"/>.</summary>
    public static string For(string clientId, string dedupKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(dedupKey);
        return $"{ClientSegment(clientId)}/{Encode(dedupKey)}.json";
    }

    /// <summary>
    /// Client IDs are GUIDs whose case varies between senders, so the segment is their
    /// <see cref="Intake.Authentication.CodatClientId"/> form (as in matching and the partition router); a client
    /// literally named <c>_</c> is encoded so it cannot share the no-client folder.
    /// </summary>
    public static string ClientSegment(string clientId)
    {
        var normalized = Intake.Authentication.CodatClientId.Normalize(clientId);
        if (normalized.Length == 0)
        {
            return NoClient;
        }

        var encoded = Encode(normalized);
        return encoded == NoClient ? "~5F" : encoded;
    }

    /// <summary>The injective, blob-safe form of one name segment.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '_'))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..count])
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.Length <= MaxEncodedLength
            ? builder.ToString()
            : "~h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }
}
