using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// Signs a message as the Standard Webhooks specification (and Svix, and so Codat's signed service) does
/// (reference §1.4): <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), where the key is
/// the base64-decoded part of the <c>whsec_…</c> secret. The simulator keeps its own copy of this code on purpose: it
/// plays Codat's side and must not share a bug with the receiver it tests.
/// </summary>
internal sealed class StandardWebhookSigner
{
    private const string SecretPrefix = "whsec_";
    private const string VersionPrefix = "v1,";

    /// <summary>What a valid secret looks like, for error messages.</summary>
    public const string SecretFormat = "A signing secret is 'whsec_' followed by base64, as shown in Codat's Portal.";

    private readonly byte[] _key;

    /// <param name="secret">The endpoint secret, <c>whsec_</c> followed by base64 (the prefix may be left out).</param>
    /// <exception cref="FormatException">The secret is not base64 after its prefix.</exception>
    public StandardWebhookSigner(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            _key = Convert.FromBase64String(encoded);
        }
        catch (FormatException e)
        {
            throw new FormatException(SecretFormat, e);
        }
    }

    /// <summary>Whether <paramref name="secret"/> can be used to sign: non-empty base64 after the optional prefix.</summary>
    public static bool IsValidSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return encoded.Length > 0 && Convert.TryFromBase64String(encoded, new byte[encoded.Length], out _);
    }

    /// <summary>The <c>webhook-signature</c> value for one attempt: <c>v1,&lt;base64&gt;</c>.</summary>
    public string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body) =>
        VersionPrefix + Convert.ToBase64String(Compute(messageId, timestamp, body));

    /// <summary>
    /// Whether any <c>v1</c> entry of a space-separated <c>webhook-signature</c> value matches, compared in constant
    /// time. Used by <c>codat-sim listen</c> to show whether what it received verifies.
    /// </summary>
    public bool Verifies(string messageId, long timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var expected = Compute(messageId, timestamp, body);
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var candidate = new byte[expected.Length];
            if (Convert.TryFromBase64String(entry[VersionPrefix.Length..], candidate, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(candidate, expected))
            {
                return true;
            }
        }

        return false;
    }

    private byte[] Compute(string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.")));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
