using Azure;
using Azure.Storage.Blobs;
using CodatAlerts.Queueing;

namespace CodatAlerts.Processing;

/// <summary>The exact bytes of an envelope's Codat body: inline, or from the claim-check blob the intake wrote to <see cref="AlertContainers.Bodies"/>.</summary>
public sealed class AlertBodyLoader(BlobServiceClient blobs)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(AlertContainers.Bodies);

    /// <summary>Loads the body; throws <see cref="PermanentAlertException"/> when the claim-check blob is gone.</summary>
    public async Task<ReadOnlyMemory<byte>> LoadAsync(AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Body is { } inline)
        {
            return inline;
        }

        try
        {
            var content = await _container.GetBlobClient(envelope.BodyBlob).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToMemory();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Retrying cannot bring it back (expired by retention, or never written): the alert goes to poison.
            throw new PermanentAlertException($"The claim-check body '{envelope.BodyBlob}' does not exist.", ex);
        }
    }
}
