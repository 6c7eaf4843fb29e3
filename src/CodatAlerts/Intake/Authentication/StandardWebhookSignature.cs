using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Verifies a Standard Webhooks (Svix) signature, as Codat's signed delivery sends it (reference §1.4): HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{raw body}</c>, keyed by any of the client's signing secrets, matched against
/// any <c>v1</c> entry of <c>webhook-signature</c>, with a timestamp no more than five minutes away from now.
/// </summary>
/// <remarks>
/// Written here rather than taken from a package: the served <c>StandardWebhooks</c> 1.1.2 reads the wall clock (so
/// the published test vector cannot pass), knows one secret and one set of header names, and rejects a valid
/// signature that is not first in the header, which is exactly the secret-rotation case.
/// </remarks>
internal sealed class StandardWebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    // Svix's own libraries send and accept these names too (the C# one tries them first).
    public const string SvixIdHeader = "svix-id";
    public const string SvixTimestampHeader = "svix-timestamp";
    public const string SvixSignatureHeader = "svix-signature";

    /// <summary>How far <c>webhook-timestamp</c> may be from now, either way, as in the Svix libraries.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const int MacBytes = HMACSHA256.HashSizeInBytes;
    private const int StackBufferBytes = 1024;
    private static readonly long LatestUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly SigningSecret[] _secrets;
    private readonly TimeProvider _time;

    public StandardWebhookSignature(IEnumerable<SigningSecret> secrets, TimeProvider time)
    {
        _secrets = [.. secrets];
        _time = time;
    }

    /// <summary>Whether the request carries a message id, which only the signed delivery sends.</summary>
    public static bool IsSignedDelivery(IRequestHeaders headers) =>
        headers.GetValues(IdHeader).Count > 0 || headers.GetValues(SvixIdHeader).Count > 0;

    /// <summary>Whether the request carries any of the signature headers, complete or not.</summary>
    public static bool IsPresented(IRequestHeaders headers) =>
        IsSignedDelivery(headers)
        || headers.GetValues(TimestampHeader).Count > 0 || headers.GetValues(SvixTimestampHeader).Count > 0
        || headers.GetValues(SignatureHeader).Count > 0 || headers.GetValues(SvixSignatureHeader).Count > 0;

    public CredentialCheck Verify(IRequestHeaders headers, ReadOnlySpan<byte> body)
    {
        var id = OneValue(headers, IdHeader, SvixIdHeader);
        var timestamp = OneValue(headers, TimestampHeader, SvixTimestampHeader);
        var signatures = OneValue(headers, SignatureHeader, SvixSignatureHeader);
        if ((id.Failure ?? timestamp.Failure ?? signatures.Failure) is { } headerProblem)
            return CredentialCheck.Failed(headerProblem);

        if (!long.TryParse(timestamp.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > LatestUnixSeconds)
            return CredentialCheck.Failed(AuthenticationReasons.TimestampInvalid);

        if ((_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
            return CredentialCheck.Failed(AuthenticationReasons.TimestampOutOfTolerance);

        ReadOnlySpan<char> probe = signatures.Value;
        if (!NextV1Signature(ref probe, out _))
            return CredentialCheck.Failed(AuthenticationReasons.NoV1Signature);

        return AnySignatureMatches(id.Value!, timestamp.Value!, body, signatures.Value!)
            ? CredentialCheck.Passed
            : CredentialCheck.Failed(AuthenticationReasons.SignatureMismatch);
    }

    private bool AnySignatureMatches(string id, string timestamp, ReadOnlySpan<byte> body, string signatures)
    {
        // The signed content is {id}.{timestamp}.{body}: the timestamp exactly as sent, the body exactly as received.
        var length = Encoding.UTF8.GetByteCount(id) + 1 + timestamp.Length + 1 + body.Length;
        byte[]? rented = null;
        Span<byte> content = length <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(id, content);
            content[written++] = (byte)'.';
            written += Encoding.ASCII.GetBytes(timestamp, content[written..]);
            content[written++] = (byte)'.';
            body.CopyTo(content[written..]);
            content = content[..length];

            Span<byte> expected = stackalloc byte[MacBytes];
            Span<byte> received = stackalloc byte[MacBytes];
            var matched = false;
            foreach (var secret in _secrets)
            {
                HMACSHA256.HashData(secret.Key.Span, content, expected);
                ReadOnlySpan<char> remaining = signatures;
                while (NextV1Signature(ref remaining, out var candidate))
                {
                    // Not base64, or not 32 bytes: cannot be our MAC, and no reason to treat it differently.
                    if (Convert.TryFromBase64Chars(candidate, received, out var decoded) && decoded == MacBytes)
                        matched |= CryptographicOperations.FixedTimeEquals(expected, received);
                }
            }

            return matched;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Advances <paramref name="remaining"/> past the next <c>v1,&lt;base64&gt;</c> entry of a space-separated
    /// <c>webhook-signature</c> value. Other versions (<c>v1a</c>, ed25519) and malformed entries are skipped.
    /// </summary>
    private static bool NextV1Signature(ref ReadOnlySpan<char> remaining, out ReadOnlySpan<char> signature)
    {
        while (!remaining.IsEmpty)
        {
            var space = remaining.IndexOf(' ');
            ReadOnlySpan<char> entry = space < 0 ? remaining : remaining[..space];
            remaining = space < 0 ? [] : remaining[(space + 1)..];

            if (entry.StartsWith("v1,", StringComparison.Ordinal))
            {
                signature = entry[3..];
                return true;
            }
        }

        signature = default;
        return false;
    }

    /// <summary>The one value of a signature header under its Standard Webhooks name, else its Svix name.</summary>
    private static (string? Value, string? Failure) OneValue(IRequestHeaders headers, string name, string svixName)
    {
        var values = headers.GetValues(name);
        if (values.Count == 0)
            values = headers.GetValues(svixName);

        return values.Count switch
        {
            0 => (null, AuthenticationReasons.SignatureHeadersMissing),
            > 1 => (null, AuthenticationReasons.SignatureHeadersDuplicated),
            _ when string.IsNullOrWhiteSpace(values[0]) => (null, AuthenticationReasons.SignatureHeadersMissing),
            _ => (values[0], null),
        };
    }
}
