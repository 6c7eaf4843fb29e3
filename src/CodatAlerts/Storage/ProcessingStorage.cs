using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.Queueing;

namespace CodatAlerts.Storage;

/// <summary>
/// The queue side's own storage clients (records, re-sends, poison, replay, sweep), built with
/// <see cref="ProcessingStorageOptions"/> instead of the intake's short budget. Same account as the intake
/// (<see cref="StorageClientFactory.ConnectionName"/>), base64 messages as the trigger reads them.
/// </summary>
/// <param name="queues">The queue service, encoding and decoding base64 as the trigger does.</param>
/// <param name="blobs">The blob service.</param>
/// <param name="rawQueues">The same queue service without any message encoding, for reading poison queues whose
/// messages may not be base64 (see <see cref="Replay.PoisonQueueReader"/>).</param>
public sealed class ProcessingStorage(QueueServiceClient queues, BlobServiceClient blobs, QueueServiceClient rawQueues)
{
    /// <summary>Sends and reads partition and poison queue messages.</summary>
    public AlertQueues Queues { get; } = new(queues);

    /// <summary>Reads poison queues as stored, trusting no encoding.</summary>
    public Replay.PoisonQueueReader Poison { get; } = new(rawQueues);

    /// <summary>The blob service of <c>alert-records</c>.</summary>
    public BlobServiceClient Blobs { get; } = blobs;

    /// <summary>Builds the clients from configuration with <paramref name="options"/>'s retry policy.</summary>
    public static ProcessingStorage Create(Microsoft.Extensions.Configuration.IConfiguration configuration, ProcessingStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Apply(queueOptions.Retry, options);
        var rawQueueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        Apply(rawQueueOptions.Retry, options);
        var blobOptions = new BlobClientOptions();
        Apply(blobOptions.Retry, options);
        return new ProcessingStorage(
            StorageClientFactory.CreateQueueServiceClient(configuration, queueOptions),
            StorageClientFactory.CreateBlobServiceClient(configuration, blobOptions),
            StorageClientFactory.CreateQueueServiceClient(configuration, rawQueueOptions));
    }

    /// <summary>The retry policy both clients get: the options' tries, exponential back-off from 500 ms to 10 s.</summary>
    public static void Apply(RetryOptions retry, ProcessingStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(options);
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = options.MaxRetries;
        retry.Delay = TimeSpan.FromMilliseconds(500);
        retry.MaxDelay = TimeSpan.FromSeconds(10);
        retry.NetworkTimeout = options.TryTimeout;
    }
}
