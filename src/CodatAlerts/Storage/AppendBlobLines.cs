using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace CodatAlerts.Storage;

/// <summary>
/// Appends one line to a line-per-entry append blob (an alert's journey, a day of the operator audit), creating the
/// blob, and the container, on first use. One Append Block per line once the blob exists; the first line of a blob
/// costs the failed append, the create and the append again.
/// </summary>
internal static class AppendBlobLines
{
    /// <summary>Appends <paramref name="line"/> (with its newline) to <paramref name="blob"/> in <paramref name="container"/>.</summary>
    public static async Task AppendAsync(BlobContainerClient container, AppendBlobClient blob, byte[] line, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            try
            {
                using var content = new MemoryStream(line, writable: false);
                await blob.AppendBlockAsync(content, cancellationToken: cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (round < 2 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken); // The blob's first line.
            }
            catch (RequestFailedException ex) when (round < 2 && ex.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                // Infra creates the containers; creating one on first use keeps a fresh local storage working too.
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
        }
    }
}
