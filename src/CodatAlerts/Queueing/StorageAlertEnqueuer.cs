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

        // Sized before anything is written: a message that cannot fit is refused before its blob exists.
        var message = EnvelopeMessage.For(envelope, _options.MaxInlineEnvelopeBytes);
        if (message.BodyBlob is { } blobName)
        {
            await ClaimCheckAsync(blobName, message.BlobContent!, cancellationToken);
        }

        var messageId = await queues.SendAsync(queueName, BinaryData.FromBytes(message.Message), visibilityDelay: null, timeToLive: null, cancellationToken);
        var claimChecked = message.BodyBlob is not null;
        QueueingLog.Enqueued(logger, envelope.IngestionId, queueName, claimChecked);
        return new EnqueueReceipt(queueName, messageId, claimChecked);
    }

    /// <summary>Stores the exact body bytes under <paramref name="blobName"/>.</summary>
    private async Task ClaimCheckAsync(string blobName, byte[] body, CancellationToken cancellationToken)
    {
        var blob = _bodies.GetBlobClient(blobName);
        var content = BinaryData.FromBytes(body);
        try
        {
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            await _bodies.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
    }
}
