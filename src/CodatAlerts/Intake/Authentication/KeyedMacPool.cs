using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// HMAC-SHA256 instances keyed once per signing secret and reused. Keying an HMAC costs about as much as hashing a
/// small body, and a delivery without <c>X-Codat-ClientId</c> is checked against every configured secret, so the keys
/// are set up once, not per request. An instance is not thread-safe: each verification rents a whole set and returns
/// it, so the pool grows to the number of concurrent verifications and no further.
/// </summary>
/// <remarks>
/// The pool lives as long as the app's authenticator (a singleton); the native contexts are released by their safe
/// handles when the process ends.
/// </remarks>
internal sealed class KeyedMacPool(IReadOnlyList<SigningSecret> secrets)
{
    private readonly ConcurrentBag<IncrementalHash[]> _idle = [];

    /// <summary>A set of keyed instances, one per secret in order, each reset and ready for one message.</summary>
    public IncrementalHash[] Rent() => _idle.TryTake(out var set) ? set : Create();

    /// <summary>Gives back a set rented from <see cref="Rent"/>, every instance reset.</summary>
    public void Return(IncrementalHash[] set) => _idle.Add(set);

    private IncrementalHash[] Create()
    {
        var set = new IncrementalHash[secrets.Count];
        for (var i = 0; i < set.Length; i++)
            set[i] = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secrets[i].Key.Span);
        return set;
    }
}
