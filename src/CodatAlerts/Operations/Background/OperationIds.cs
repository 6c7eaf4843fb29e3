using System.Security.Cryptography;
using System.Text;
using CodatAlerts.Operators;

namespace CodatAlerts.Operations.Background;

/// <summary>
/// An operation's id: a hash of the caller and the Idempotency-Key, so a retried confirmation (same caller, same key)
/// lands on the same status blob instead of starting a second operation, and two callers' keys never collide.
/// </summary>
public static class OperationIds
{
    /// <summary>Characters of an id: 128 bits of the SHA-256, as lowercase hex.</summary>
    public const int Length = 32;

    public static string For(OperatorIdentity caller, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.ObjectId ?? caller.Name}\n{idempotencyKey}"));
        return Convert.ToHexStringLower(hash)[..Length];
    }

    /// <summary>Whether <paramref name="id"/> has an id's shape (anything else is not looked up: it names no blob).</summary>
    public static bool IsWellFormed(string? id) => id is { Length: Length } && id.All(char.IsAsciiHexDigitLower);
}
