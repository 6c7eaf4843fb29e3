using System.Buffers;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// The one form of a Codat client ID, used alike to match a request to a configured client and to name what belongs to
/// it (dedup scope, partition, record, telemetry): trimmed, with ASCII letters lower-cased ordinally and nothing else
/// changed. Culture-aware or Unicode case rules would let a look-alike (the Kelvin sign for <c>K</c>) match one way and
/// be named another, so an unlisted ID could land in a listed client's scope.
/// </summary>
/// <remarks>
/// Codat's client IDs are GUIDs. Configured IDs (at start-up) and <c>X-Codat-ClientId</c> values (per request) must be
/// <see cref="MaxLength"/> characters at most of <c>[A-Za-z0-9._-]</c> after trimming, which also bounds every name
/// and tag derived from them.
/// </remarks>
public static class CodatClientId
{
    /// <summary>The longest client ID accepted, after trimming (a GUID has 36 characters).</summary>
    public const int MaxLength = 64;

    /// <summary>The accepted characters, in words, for messages.</summary>
    public const string AllowedCharactersText = "A-Z, a-z, 0-9, '.', '_' and '-'";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>Whether <paramref name="value"/>, trimmed, is 1 to <see cref="MaxLength"/> allowed characters.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        return trimmed.Length is > 0 and <= MaxLength && !trimmed.ContainsAnyExcept(Allowed);
    }

    /// <summary>
    /// <paramref name="value"/> trimmed, with <c>A-Z</c> lower-cased and every other character left as it is; the
    /// same instance when nothing changes.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (!trimmed.AsSpan().ContainsAnyInRange('A', 'Z'))
            return trimmed;

        return string.Create(trimmed.Length, trimmed, static (destination, source) => LowerAscii(source, destination));
    }

    /// <summary>
    /// Writes the normalized form of <paramref name="value"/> to <paramref name="destination"/>, for a lookup that must
    /// not allocate; false when it does not fit.
    /// </summary>
    internal static bool TryNormalize(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        var trimmed = value.Trim();
        written = trimmed.Length;
        if (trimmed.Length > destination.Length)
            return false;

        LowerAscii(trimmed, destination);
        return true;
    }

    private static void LowerAscii(ReadOnlySpan<char> source, Span<char> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            destination[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
        }
    }
}
