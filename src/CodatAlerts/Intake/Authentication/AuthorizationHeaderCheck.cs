using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Checks the <c>Authorization</c> header against a client's accepted values (several during a rotation).
/// </summary>
/// <remarks>
/// Each accepted value is kept only as the SHA-256 digest of its canonical form, and the received value is hashed the
/// same way before comparison. Every comparison then runs over 32 bytes with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, against every accepted value without stopping at a match, so
/// the time taken tells an attacker neither the length of an accepted value nor which one matched.
/// </remarks>
internal sealed class AuthorizationHeaderCheck
{
    public const string HeaderName = "Authorization";

    /// <summary>Far above any Basic or Bearer credential Codat sends; a longer header is refused before any work.</summary>
    public const int MaxHeaderLength = 8 * 1024;

    private const int DigestBytes = SHA256.HashSizeInBytes;
    private const int StackBufferBytes = 512;

    private readonly byte[] _acceptedDigests;

    /// <param name="acceptedValues">Whole header values, already checked by <see cref="IntakeOptionsValidator"/>.</param>
    public AuthorizationHeaderCheck(IEnumerable<string> acceptedValues)
    {
        var values = acceptedValues.ToArray();
        _acceptedDigests = new byte[values.Length * DigestBytes];
        for (var i = 0; i < values.Length; i++)
        {
            if (AuthorizationValue.TryParse(values[i], out var scheme, out var credential) is not null)
                throw new ArgumentException("An accepted Authorization value is not 'Basic <base64>' or 'Bearer <token>'.", nameof(acceptedValues));

            HashCanonical(scheme, credential, _acceptedDigests.AsSpan(i * DigestBytes, DigestBytes));
        }
    }

    /// <summary>Whether the request carries an <c>Authorization</c> header at all.</summary>
    public static bool IsPresented(IRequestHeaders headers) => headers.GetValues(HeaderName).Count > 0;

    public CredentialCheck Check(IRequestHeaders headers)
    {
        var values = headers.GetValues(HeaderName);
        if (values.Count == 0)
            return CredentialCheck.Failed(AuthenticationReasons.AuthorizationMissing);
        if (values.Count > 1)
            return CredentialCheck.Failed(AuthenticationReasons.AuthorizationDuplicated);

        var value = values[0];
        if (value.Length > MaxHeaderLength)
            return CredentialCheck.Failed(AuthenticationReasons.AuthorizationOversized);

        var problem = AuthorizationValue.TryParse(value, out var scheme, out var credential);
        if (problem is not null)
            return CredentialCheck.Failed(problem);

        Span<byte> received = stackalloc byte[DigestBytes];
        HashCanonical(scheme, credential, received);

        var matched = false;
        for (var offset = 0; offset < _acceptedDigests.Length; offset += DigestBytes)
            matched |= CryptographicOperations.FixedTimeEquals(received, _acceptedDigests.AsSpan(offset, DigestBytes));

        return matched ? CredentialCheck.Passed : CredentialCheck.Failed(AuthenticationReasons.AuthorizationMismatch);
    }

    /// <summary>SHA-256 of <c>{scheme} {credential}</c> in UTF-8, without a heap allocation for ordinary headers.</summary>
    private static void HashCanonical(string scheme, ReadOnlySpan<char> credential, Span<byte> digest)
    {
        var length = scheme.Length + 1 + Encoding.UTF8.GetByteCount(credential);
        byte[]? rented = null;
        Span<byte> canonical = length <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.ASCII.GetBytes(scheme, canonical);
            canonical[written++] = (byte)' ';
            written += Encoding.UTF8.GetBytes(credential, canonical[written..]);
            SHA256.HashData(canonical[..written], digest);
        }
        finally
        {
            if (rented is not null)
            {
                // The buffer held a credential: wipe it before another renter sees it.
                CryptographicOperations.ZeroMemory(rented.AsSpan(0, length));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
