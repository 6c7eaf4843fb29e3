using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Queueing;

/// <summary>
/// Puts envelopes on Azure Storage partition queues, never to expire (see <see cref="AlertQueues"/>). A body too large
/// for a message goes to the <see cref="AlertContainers.Bodies"/> container first and the envelope carries its name
/// (claim-check); the container is created on first use only when missing, so the hot path costs one request.
/// </summary>
public sealed class StorageAlertEnqueuer(
    AlertQueues queues,
    BlobServiceClient blobs,
    IOptions<QueueingOptions> options,
    ILogger<StorageAlertEnqueuer> logger) : IAlertEnqueuer
{
    private readonly QueueingOptions _options = options.Value;
    private readonly BlobContainerClient _bodies = blobs.GetBlobContainerClient(AlertContainers.Bodies);

    public async Task<EnqueueReceipt> EnqueueAsync(AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        var queueName = AlertPartitions.QueueName(envelope.Partition);
        var message = AlertEnvelopeSerializer.Serialize(envelope);
        var claimChecked = message.Length > _options.MaxInlineEnvelopeBytes;
        if (claimChecked)
        {
            message = await ClaimCheckAsync(envelope, cancellationToken);
        }

        var messageId = await queues.SendAsync(queueName, BinaryData.FromBytes(message), visibilityDelay: null, timeToLive: null, cancellationToken);
        QueueingLog.Enqueued(logger, envelope.IngestionId, queueName, claimChecked);
        return new EnqueueReceipt(queueName, messageId, claimChecked);
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
}
