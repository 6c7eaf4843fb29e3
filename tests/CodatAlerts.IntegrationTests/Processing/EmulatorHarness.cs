using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Replay;
using CodatAlerts.Storage;
using CodatAlerts.Testing.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// The queue side wired as the app wires it, driven by the faithful emulated host: <c>host.json</c>'s settings as they
/// are (its <c>visibilityTimeout</c> is the back-off), the app's own delays as configured (on the service's fake
/// clock), the workers' clock (the app's <see cref="TimeProvider"/> and the host's timers) distinct from the storage
/// service's clock (blob <c>Date</c>/<c>Last-Modified</c> and queue visibility), and a dead worker's storage calls stopped.
/// </summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EmulatorHarness(ServiceProvider services, QueueServiceClient queues, FakeTimeProvider workerTime, EmulatorQueueService service, QueueHostEmulator host)
    {
        _services = services;
        Queues = queues;
        WorkerTime = workerTime;
        Service = service;
        Host = host;
    }

    /// <summary>The app's queue client (base64, delays on the service clock, dead workers gated, injectable faults).</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The workers' clock: the app's <see cref="TimeProvider"/> and the host's timers.</summary>
    public FakeTimeProvider WorkerTime { get; }

    /// <summary>The storage service, with its own clock.</summary>
    public EmulatorQueueService Service { get; }

    public QueueHostEmulator Host { get; }

    public required QueueFaults Faults { get; init; }

    public required EmulatorWorkerGate Gate { get; init; }

    public ProcessingOptions Options => Get<Microsoft.Extensions.Options.IOptions<ProcessingOptions>>().Value;

    public AlertRecordStore Records => Get<AlertRecordStore>();

    public HostPoisonSweeper Sweeper => Get<HostPoisonSweeper>();

    /// <summary>
    /// Builds the harness over emptied queues and containers. <paramref name="serviceSkew"/> puts the storage
    /// service's clock that far ahead of the workers' clock (negative: behind).
    /// </summary>
    public static async Task<EmulatorHarness> CreateAsync(
        AzuriteFixture azurite, IAlertDispatcher dispatcher, int instances = 1, TimeSpan serviceSkew = default, params KeyValuePair<string, string?>[] settings)
    {
        var workerTime = new FakeTimeProvider(ProcessingHarness.Start);
        var serviceTime = new FakeTimeProvider(ProcessingHarness.Start + serviceSkew);
        var service = new EmulatorQueueService(azurite.ConnectionString, serviceTime);
        var gate = new EmulatorWorkerGate();
        var faults = new QueueFaults();

        // As ProcessingHarness: no client retries (an injected fault is the call's outcome), idle connections dropped
        // before Azurite closes them.
        var queueOptions = new QueueClientOptions
        {
            MessageEncoding = QueueMessageEncoding.Base64,
            Transport = new Azure.Core.Pipeline.HttpClientTransport(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) }),
        };
        queueOptions.Retry.MaxRetries = 0;
        queueOptions.AddPolicy(gate, Azure.Core.HttpPipelinePosition.PerRetry);
        queueOptions.AddPolicy(faults, Azure.Core.HttpPipelinePosition.PerRetry);
        queueOptions.AddPolicy(new EmulatorDelayedSends(service), Azure.Core.HttpPipelinePosition.PerCall); // before the request is signed
        var queues = new QueueServiceClient(azurite.ConnectionString, queueOptions);

        // The sweep's and the replay's undecoded reads of the poison queues, behind the same gate and faults.
        var rawQueueOptions = new QueueClientOptions
        {
            MessageEncoding = QueueMessageEncoding.None,
            Transport = new Azure.Core.Pipeline.HttpClientTransport(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) }),
        };
        rawQueueOptions.Retry.MaxRetries = 0;
        rawQueueOptions.AddPolicy(gate, Azure.Core.HttpPipelinePosition.PerRetry);
        rawQueueOptions.AddPolicy(faults, Azure.Core.HttpPipelinePosition.PerRetry);
        rawQueueOptions.AddPolicy(new EmulatorDelayedSends(service), Azure.Core.HttpPipelinePosition.PerCall);
        var rawQueues = new QueueServiceClient(azurite.ConnectionString, rawQueueOptions);

        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(gate, Azure.Core.HttpPipelinePosition.PerRetry);
        blobOptions.AddPolicy(new FakeServiceClock(serviceTime), Azure.Core.HttpPipelinePosition.PerRetry);
        var blobs = new BlobServiceClient(azurite.ConnectionString, blobOptions);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(queues)
            .AddSingleton(blobs)
            .AddSingleton(new ProcessingStorage(queues, blobs, rawQueues))
            .AddSingleton<TimeProvider>(workerTime)
            .AddSingleton(dispatcher)
            .AddAlertProcessing(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await ProcessingHarness.ResetStorageAsync(queues, blobs);
        var host = new QueueHostEmulator(
            azurite.ConnectionString, new ProcessAlerts(services.GetRequiredService<AlertProcessor>()), HostQueueSettings.Load(), workerTime, service, instances);
        return new EmulatorHarness(services, queues, workerTime, service, host) { Faults = faults, Gate = gate };
    }

    /// <summary>Puts an envelope on its partition queue exactly as the intake does.</summary>
    public async Task EnqueueAsync(AlertEnvelope envelope) =>
        await Queues.GetQueueClient(AlertPartitions.QueueName(envelope.Partition)).SendMessageAsync(BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(envelope)));

    /// <summary>Every message of a queue, left in place and visible (peeked: no dequeue counted).</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekAsync(string queueName) =>
        (await Queues.GetQueueClient(queueName).PeekMessagesAsync(32)).Value;

    /// <summary>Every message of every poison queue, unwrapped (received, then made visible again).</summary>
    public async Task<IReadOnlyList<PoisonedAlert>> ReadPoisonAsync()
    {
        var all = new List<PoisonedAlert>();
        foreach (var name in AlertPartitions.QueueNames)
        {
            var queue = Queues.GetQueueClient(name + AlertPartitions.PoisonSuffix);
            var seen = new List<QueueMessage>();
            while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value is { Length: > 0 } batch)
            {
                seen.AddRange(batch);
            }

            foreach (var message in seen)
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }

            all.AddRange(seen.Select(m => PoisonMessage.Read(m.Body)));
        }

        return all;
    }

    /// <summary>How many messages wait in the partition queues (visible or not).</summary>
    public async Task<int> CountPartitionMessagesAsync()
    {
        var total = 0;
        foreach (var queue in AlertPartitions.QueueNames)
        {
            total += (await Queues.GetQueueClient(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        return total;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();
}
