using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CodatAlerts.Processing;

/// <summary>
/// Sends to the partition and poison queues through the app's <see cref="QueueServiceClient"/> (base64 messages,
/// as the trigger reads them). A queue missing on first use is created: the host creates <c>-poison</c> queues
/// lazily too, so a poison queue need not exist before the first poisoned alert.
/// </summary>
public sealed class AlertQueues(QueueServiceClient queues)
{
    /// <summary>The client of one queue.</summary>
    public QueueClient Get(string queueName) => queues.GetQueueClient(queueName);

    /// <summary>Adds a message, creating the queue when it does not exist yet.</summary>
    public async Task SendAsync(string queueName, BinaryData message, TimeSpan? visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(queueName);
        try
        {
            await queue.SendMessageAsync(message, visibilityDelay, timeToLive, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(message, visibilityDelay, timeToLive, cancellationToken);
        }
    }
}
