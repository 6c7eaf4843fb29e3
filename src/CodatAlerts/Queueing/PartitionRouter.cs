using System.Collections.Frozen;
using CodatAlerts.Intake;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Queueing;

/// <summary>
/// Routes a Codat client to its partition: the partition pinned in its configuration, else a stable hash of the
/// client ID modulo <see cref="AlertPartitions.Count"/>. Client IDs are GUIDs whose case varies between senders, so
/// the hash is taken over the lower-case form.
/// </summary>
public sealed class PartitionRouter(IOptions<IntakeOptions> options)
{
    private readonly FrozenDictionary<string, int> _pinned = options.Value.Clients
        .Where(c => c.Partition is not null)
        .ToFrozenDictionary(c => c.ClientId!.Trim(), c => c.Partition!.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The partition for <paramref name="clientId"/> (empty when the sender named no client).</summary>
    public int Route(string clientId) =>
        _pinned.TryGetValue(clientId, out var pinned) ? pinned : HashPartition(clientId);

    /// <summary>The unpinned partition: FNV-1a of the trimmed, lower-cased client ID, modulo the partition count.</summary>
    public static int HashPartition(string clientId) =>
        (int)(StableHash.Fnv1a32(clientId.Trim().ToLowerInvariant()) % AlertPartitions.Count);
}
