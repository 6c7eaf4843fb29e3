using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CodatAlerts.Operations.Background;

/// <summary>
/// The work queue of background operations (<see cref="QueueName"/>): a message carries only the operation id; the
/// status blob holds the rest. Sent never expiring (an operation accepted must run or fail visibly), through the app's
/// queue client, which encodes base64 as <c>host.json</c>'s <c>messageEncoding</c> expects.
/// </summary>
public sealed class OperationMessages(QueueServiceClient queues)
{
    /// <summary>The queue (infra creates it; <c>RunOperatorOperation</c> listens on it).</summary>
    public const string QueueName = "operator-operations";

    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly QueueClient _queue = queues.GetQueueClient(QueueName);

    public async Task SendAsync(string operationId, CancellationToken cancellationToken)
    {
        var body = BinaryData.FromString(operationId);
        try
        {
            await _queue.SendMessageAsync(body, TimeSpan.Zero, NeverExpires, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await _queue.SendMessageAsync(body, TimeSpan.Zero, NeverExpires, cancellationToken);
        }
    }
}
