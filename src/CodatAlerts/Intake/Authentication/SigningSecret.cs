using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// A Standard Webhooks signing secret (<c>whsec_</c> followed by the base64 of the HMAC key), decoded once at start-up
/// so that no request pays for the parsing.
/// </summary>
internal sealed class SigningSecret
{
    /// <summary>The prefix Svix and Standard Webhooks give a symmetric secret.</summary>
    public const string Prefix = "whsec_";

    /// <summary>The shortest key accepted: Standard Webhooks asks for at least 24 random bytes (192 bits).</summary>
    public const int MinimumKeyBytes = 24;

    /// <summary>The longest key accepted: Standard Webhooks caps a key at 512 bits; Svix issues 24 to 64 bytes.</summary>
    public const int MaximumKeyBytes = 64;

    private SigningSecret(byte[] key) => Key = key;

    /// <summary>The HMAC-SHA256 key.</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>
    /// The key as HMAC uses it, so that two secrets HMAC cannot tell apart compare equal: HMAC pads a key with zero bytes
    /// to the hash's block size (RFC 2104 §2), so a key and the same key followed by zero bytes sign alike, and its
    /// trailing zeros are left out here. (HMAC also hashes a key longer than the block size first; no key here is, because
    /// <see cref="MaximumKeyBytes"/> is SHA-256's block size.)
    /// </summary>
    public ReadOnlySpan<byte> HmacEquivalenceKey => Key.Span.TrimEnd((byte)0);

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="problem"/> says why, without the value.</summary>
    public static bool TryParse(
        string value, [NotNullWhen(true)] out SigningSecret? secret, [NotNullWhen(false)] out string? problem)
    {
        secret = null;
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            problem = $"does not start with '{Prefix}'";
            return false;
        }

        ReadOnlySpan<char> encoded = value.AsSpan(Prefix.Length);
        if (!Base64.IsValid(encoded, out var length))
        {
            problem = $"is not valid base64 after '{Prefix}'";
            return false;
        }

        if (length is < MinimumKeyBytes or > MaximumKeyBytes)
        {
            problem = $"holds a key of {length} bytes; {MinimumKeyBytes} to {MaximumKeyBytes} are accepted";
            return false;
        }

        var key = new byte[length];
        Convert.TryFromBase64Chars(encoded, key, out _);
        secret = new SigningSecret(key);
        problem = null;
        return true;
    }
}
