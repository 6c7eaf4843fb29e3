using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;

namespace CodatAlerts.Replay;

/// <summary>
/// Reads poison queues without trusting their encoding. The app and the host write base64, but a message put on a
/// partition queue by hand or by a producer that does not encode is copied raw to <c>-poison</c> by the host. A
/// decoding client throws on such a message for its whole batch (after the service has already hidden the batch), so
/// every later scan would stop at it. This client receives the text as stored and <see cref="PoisonEntry"/> decodes
/// each message itself: one that is not base64 comes back with its exact bytes instead of an exception.
/// </summary>
/// <param name="rawQueues">A queue service client with <see cref="QueueMessageEncoding.None"/>.</param>
public sealed class PoisonQueueReader(QueueServiceClient rawQueues)
{
    private readonly ConcurrentDictionary<int, QueueClient> _clients = new();

    /// <summary>The raw client of one partition's poison queue: deletes and visibility updates go through it too.</summary>
    public QueueClient Queue(int partition) =>
        _clients.GetOrAdd(partition, p => rawQueues.GetQueueClient(AlertPartitions.PoisonQueueName(p)));

    /// <summary>Receives up to <paramref name="count"/> messages, hidden for <paramref name="hold"/>; none when the queue does not exist.</summary>
    public static async Task<PoisonEntry[]> ReceiveAsync(QueueClient poison, int count, TimeSpan hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poison);
        try
        {
            return [.. (await poison.ReceiveMessagesAsync(count, hold, cancellationToken)).Value.Select(m => new PoisonEntry(m))];
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            return []; // No alert of this partition was ever poisoned.
        }
    }

    /// <summary>Whether the queue still holds a visible message (one this scan has not received: those are hidden).</summary>
    public static async Task<bool> AnyVisibleAsync(QueueClient poison, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poison);
        try
        {
            return (await poison.PeekMessagesAsync(1, cancellationToken)).Value.Length > 0;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            return false;
        }
    }
}
