using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Queueing;

/// <summary>
/// Puts envelopes on Azure Storage partition queues. The message never expires (a time-to-live of -1): the default of
/// seven days would silently drop an accepted alert that waits behind an outage. A body too large for a message goes
/// to the <see cref="AlertContainers.Bodies"/> container first and the envelope carries its name (claim-check).
/// Queues and the container are created on first use only when missing (the infrastructure normally creates them), so
/// the hot path costs one request.
/// </summary>
public sealed class StorageAlertEnqueuer(
    QueueServiceClient queues,
    BlobServiceClient blobs,
    IOptions<QueueingOptions> options,
    ILogger<StorageAlertEnqueuer> logger) : IAlertEnqueuer
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly QueueingOptions _options = options.Value;
    private readonly QueueClient[] _partitionQueues =
        [.. AlertPartitions.QueueNames.Select(queues.GetQueueClient)];

    private readonly BlobContainerClient _bodies = blobs.GetBlobContainerClient(AlertContainers.Bodies);

    public async Task<EnqueueReceipt> EnqueueAsync(AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        var queue = _partitionQueues[envelope.Partition];
        var message = AlertEnvelopeSerializer.Serialize(envelope);
        var claimChecked = message.Length > _options.MaxInlineEnvelopeBytes;
        if (claimChecked)
        {
            message = await ClaimCheckAsync(envelope, cancellationToken);
        }

        var receipt = await SendAsync(queue, BinaryData.FromBytes(message), cancellationToken);
        QueueingLog.Enqueued(logger, envelope.IngestionId, queue.Name, claimChecked);
        return new EnqueueReceipt(queue.Name, receipt, claimChecked);
    }

    private async Task<byte[]> ClaimCheckAsync(AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        var blobName = $"{envelope.IngestionId}.json";
        var blob = _bodies.GetBlobClient(blobName);
        var content = BinaryData.FromString(envelope.Body!);
        try
        {
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            await _bodies.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }

        return AlertEnvelopeSerializer.Serialize(envelope with { Body = null, BodyBlob = blobName });
    }

    private static async Task<string> SendAsync(QueueClient queue, BinaryData message, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await queue.SendMessageAsync(message, visibilityTimeout: null, NeverExpires, cancellationToken);
            return sent.Value.MessageId;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var sent = await queue.SendMessageAsync(message, visibilityTimeout: null, NeverExpires, cancellationToken);
            return sent.Value.MessageId;
        }
    }
}
