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

    // Svix sends one v1 signature per active secret, so a few at most; more are decoded into a rented buffer.
    private const int StackCandidates = 8;
    private static readonly long LatestUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly int[] _owners;
    private readonly KeyedMacPool _macs;
    private readonly TimeProvider _time;

    /// <summary>The secrets of one client: every match has owner 0.</summary>
    public StandardWebhookSignature(IEnumerable<SigningSecret> secrets, TimeProvider time)
        : this(secrets.Select(secret => (secret, 0)), time)
    {
    }

    /// <summary>The secrets of several owners (clients), each tagged with its owner's index.</summary>
    public StandardWebhookSignature(IEnumerable<(SigningSecret Secret, int Owner)> secrets, TimeProvider time)
    {
        var all = secrets.ToArray();
        _owners = [.. all.Select(s => s.Owner)];
        _macs = new KeyedMacPool([.. all.Select(s => s.Secret)]);
        _time = time;
    }

    /// <summary>How many secrets every verification checks.</summary>
    public int SecretCount => _owners.Length;

    /// <summary>Whether the request carries a message id, which only the signed delivery sends.</summary>
    public static bool IsSignedDelivery(IRequestHeaders headers) =>
        headers.GetValues(IdHeader).Count > 0 || headers.GetValues(SvixIdHeader).Count > 0;

    /// <summary>Whether the request carries any of the signature headers, complete or not.</summary>
    public static bool IsPresented(IRequestHeaders headers) =>
        IsSignedDelivery(headers)
        || headers.GetValues(TimestampHeader).Count > 0 || headers.GetValues(SvixTimestampHeader).Count > 0
        || headers.GetValues(SignatureHeader).Count > 0 || headers.GetValues(SvixSignatureHeader).Count > 0;

    public CredentialCheck Verify(IRequestHeaders headers, ReadOnlySpan<byte> body) =>
        Match(headers, body) is { FailureReason: { } reason } ? CredentialCheck.Failed(reason) : CredentialCheck.Passed;

    /// <summary>
    /// Whose secret verifies the request's signature. Every secret is checked against every <c>v1</c> signature, with
    /// no early exit, so the time taken grows with the number of secrets configured, not with which one matched.
    /// Signatures that match secrets of two different owners are refused as ambiguous.
    /// </summary>
    public SignatureMatch Match(IRequestHeaders headers, ReadOnlySpan<byte> body)
    {
        var id = OneValue(headers, IdHeader, SvixIdHeader);
        var timestamp = OneValue(headers, TimestampHeader, SvixTimestampHeader);
        var signatures = OneValue(headers, SignatureHeader, SvixSignatureHeader);
        if ((id.Failure ?? timestamp.Failure ?? signatures.Failure) is { } headerProblem)
            return SignatureMatch.Failed(headerProblem);

        if (!long.TryParse(timestamp.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > LatestUnixSeconds)
            return SignatureMatch.Failed(AuthenticationReasons.TimestampInvalid);

        if ((_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
            return SignatureMatch.Failed(AuthenticationReasons.TimestampOutOfTolerance);

        var v1Count = CountV1Signatures(signatures.Value);
        if (v1Count == 0)
            return SignatureMatch.Failed(AuthenticationReasons.NoV1Signature);

        byte[]? rentedCandidates = null;
        Span<byte> candidates = v1Count <= StackCandidates
            ? stackalloc byte[StackCandidates * MacBytes]
            : (rentedCandidates = ArrayPool<byte>.Shared.Rent(v1Count * MacBytes));
        try
        {
            var decoded = DecodeCandidates(signatures.Value!, candidates);
            return MatchOwner(id.Value!, timestamp.Value!, body, candidates[..(decoded * MacBytes)]);
        }
        finally
        {
            if (rentedCandidates is not null)
                ArrayPool<byte>.Shared.Return(rentedCandidates);
        }
    }

    private SignatureMatch MatchOwner(string id, string timestamp, ReadOnlySpan<byte> body, ReadOnlySpan<byte> candidates)
    {
        // The signed content is {id}.{timestamp}.{body}: the timestamp exactly as sent, the body exactly as received.
        // Only the header part is built (once, whatever the number of secrets); each MAC is then fed that part and the
        // body where it lies, so no request, however large its body and whatever its signature, copies the body here.
        var prefixLength = Encoding.UTF8.GetByteCount(id) + 1 + timestamp.Length + 1;
        byte[]? rented = null;
        Span<byte> prefix = prefixLength <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(prefixLength));
        var macs = _macs.Rent();
        try
        {
            var written = Encoding.UTF8.GetBytes(id, prefix);
            prefix[written++] = (byte)'.';
            written += Encoding.ASCII.GetBytes(timestamp, prefix[written..]);
            prefix[written++] = (byte)'.';
            prefix = prefix[..written];

            Span<byte> expected = stackalloc byte[MacBytes];
            var owner = SignatureMatch.NoOwner;
            var ambiguous = false;
            var checkedCount = 0;
            for (var i = 0; i < macs.Length; i++)
            {
                macs[i].AppendData(prefix);
                macs[i].AppendData(body);
                macs[i].TryGetHashAndReset(expected, out _);
                checkedCount++;

                var matched = false;
                for (var offset = 0; offset < candidates.Length; offset += MacBytes)
                    matched |= CryptographicOperations.FixedTimeEquals(expected, candidates.Slice(offset, MacBytes));

                if (matched)
                {
                    ambiguous |= owner != SignatureMatch.NoOwner && owner != _owners[i];
                    owner = _owners[i];
                }
            }

            return ambiguous ? SignatureMatch.Failed(AuthenticationReasons.SignatureAmbiguous, checkedCount)
                : owner == SignatureMatch.NoOwner ? SignatureMatch.Failed(AuthenticationReasons.SignatureMismatch, checkedCount)
                : new SignatureMatch(null, owner, checkedCount);
        }
        finally
        {
            _macs.Return(macs);
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int CountV1Signatures(ReadOnlySpan<char> signatures)
    {
        var count = 0;
        while (NextV1Signature(ref signatures, out _))
            count++;
        return count;
    }

    /// <summary>Decodes every <c>v1</c> signature that is base64 of 32 bytes; anything else cannot be our MAC.</summary>
    private static int DecodeCandidates(ReadOnlySpan<char> signatures, Span<byte> candidates)
    {
        var count = 0;
        while (NextV1Signature(ref signatures, out var candidate))
        {
            var slot = candidates.Slice(count * MacBytes, MacBytes);
            if (Convert.TryFromBase64Chars(candidate, slot, out var decoded) && decoded == MacBytes)
                count++;
        }

        return count;
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
