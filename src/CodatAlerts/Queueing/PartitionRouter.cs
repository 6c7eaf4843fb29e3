using System.Collections.Frozen;
using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Queueing;

/// <summary>
/// Routes a Codat client to its partition: the partition pinned in its configuration, else a stable hash of the
/// client ID modulo <see cref="AlertPartitions.Count"/>. Client IDs are GUIDs whose case varies between senders, so
/// the hash is taken over their <see cref="CodatClientId"/> form, the same form they are matched in.
/// </summary>
public sealed class PartitionRouter(IOptions<IntakeOptions> options)
{
    private readonly FrozenDictionary<string, int> _pinned = options.Value.Clients
        .Where(c => c.Partition is not null)
        .ToFrozenDictionary(c => CodatClientId.Normalize(c.ClientId!), c => c.Partition!.Value, StringComparer.Ordinal);

    /// <summary>The partition for <paramref name="clientId"/> (empty when the sender named no client).</summary>
    public int Route(string clientId) =>
        _pinned.TryGetValue(CodatClientId.Normalize(clientId), out var pinned) ? pinned : HashPartition(clientId);

    /// <summary>The unpinned partition: FNV-1a of the client ID in <see cref="CodatClientId"/> form, modulo the partition count.</summary>
    public static int HashPartition(string clientId) =>
        (int)(StableHash.Fnv1a32(CodatClientId.Normalize(clientId)) % AlertPartitions.Count);
}
