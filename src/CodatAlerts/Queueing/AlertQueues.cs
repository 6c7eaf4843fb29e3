using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CodatAlerts.Queueing;

/// <summary>
/// Sends to the partition and poison queues through the app's <see cref="QueueServiceClient"/> (base64 messages, as
/// the trigger reads them). The one place that writes queue messages, for the intake, the processor and the replay.
/// <list type="bullet">
/// <item>A message never expires unless a time to live is given: storage's default of seven days would silently drop
/// an accepted alert that waits behind an outage, a stopped app or a replay into a broken partition.</item>
/// <item>A queue missing on first use is created (the infrastructure normally creates the partition queues, and the
/// host creates <c>-poison</c> queues lazily too), so the hot path costs one request.</item>
/// </list>
/// </summary>
public sealed class AlertQueues(QueueServiceClient queues)
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    // One client per queue for the life of the app: building one parses and formats its URI on every send. The names
    // are the app's own (partition and poison queues), never a caller's, so the set is small and fixed.
    private readonly ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The client of one queue.</summary>
    public QueueClient Get(string queueName) =>
        _clients.TryGetValue(queueName, out var client) ? client : _clients.GetOrAdd(queueName, queues.GetQueueClient(queueName));

    /// <summary>Adds a message and returns its id, creating the queue when it does not exist yet.</summary>
    /// <param name="queueName">The queue.</param>
    /// <param name="message">The message body (encoded by the client).</param>
    /// <param name="visibilityDelay">How long the message stays invisible; visible at once when null.</param>
    /// <param name="timeToLive">How long the message lives; never expires when null.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public async Task<string> SendAsync(string queueName, BinaryData message, TimeSpan? visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        var queue = Get(queueName);
        var lifetime = timeToLive ?? NeverExpires;
        try
        {
            return (await queue.SendMessageAsync(message, visibilityDelay, lifetime, cancellationToken)).Value.MessageId;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return (await queue.SendMessageAsync(message, visibilityDelay, lifetime, cancellationToken)).Value.MessageId;
        }
    }
}
