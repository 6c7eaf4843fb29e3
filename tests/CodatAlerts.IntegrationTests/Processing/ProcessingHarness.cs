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
/// The queue side wired as the app wires it (<see cref="ProcessingServiceCollectionExtensions.AddAlertProcessing"/>),
/// over the shared Azurite with empty queues and containers, a fake clock and the scripted dispatcher.
/// </summary>
internal sealed class ProcessingHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private ProcessingHarness(ServiceProvider services, string connectionString, QueueServiceClient queues, BlobServiceClient blobs, FakeTimeProvider time, ScriptedDispatcher dispatcher)
    {
        _services = services;
        Queues = queues;
        Blobs = blobs;
        Time = time;
        Dispatcher = dispatcher;
        Host = new QueueHostEmulator(connectionString, Functions, time, HostQueueSettings.Load() with { VisibilityTimeout = TimeSpan.Zero });
    }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public FakeTimeProvider Time { get; }

    public ScriptedDispatcher Dispatcher { get; }

    /// <summary>Fails chosen queue calls of the app (the emulated host's own calls are not affected).</summary>
    public required QueueFaults Faults { get; init; }

    /// <summary>Loses the answers of chosen blob writes of the app (the write lands; the client retries it).</summary>
    public required BlobAnswerFaults AnswerFaults { get; init; }

    /// <summary>The journey the processor writes to.</summary>
    public required RecordingJourney Journey { get; init; }

    public QueueHostEmulator Host { get; }

    public ProcessingOptions Options => Get<Microsoft.Extensions.Options.IOptions<ProcessingOptions>>().Value;

    public AlertRecordStore Records => Get<AlertRecordStore>();

    /// <summary>The app's storage clients (base64 queues, raw poison reads, blobs), as the harness registered them.</summary>
    public ProcessingStorage Storage => Get<ProcessingStorage>();

    public AlertProcessor Processor => Get<AlertProcessor>();

    public PoisonReplayer Replayer => Get<PoisonReplayer>();

    public HostPoisonSweeper Sweeper => Get<HostPoisonSweeper>();

    public ProcessAlerts Functions => new(Processor);

    public System.Diagnostics.Metrics.IMeterFactory MeterFactory => Get<System.Diagnostics.Metrics.IMeterFactory>();

    /// <summary>Builds the harness and empties every partition and poison queue and both containers.</summary>
    public static Task<ProcessingHarness> CreateAsync(AzuriteFixture azurite, params KeyValuePair<string, string?>[] settings) =>
        CreateAsync(azurite, null, settings);

    /// <summary>As <see cref="CreateAsync(AzuriteFixture, KeyValuePair{string, string?}[])"/>, with the workers on a clock of their own (the storage service keeps <see cref="Time"/>).</summary>
    public static async Task<ProcessingHarness> CreateAsync(AzuriteFixture azurite, TimeProvider? workerClock, params KeyValuePair<string, string?>[] settings)
    {
        // Faults can be injected into the app's queue calls; no retries, so an injected fault is the call's outcome.
        var faults = new QueueFaults();
        // Without retries, a pooled connection that Azurite (Node, 5 s keep-alive) closed while idle would fail a call
        // with "connection reset": idle connections are dropped by the client first.
        var queueOptions = new QueueClientOptions
        {
            MessageEncoding = QueueMessageEncoding.Base64,
            Transport = new Azure.Core.Pipeline.HttpClientTransport(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) }),
        };
        queueOptions.Retry.MaxRetries = 0;
        queueOptions.AddPolicy(faults, Azure.Core.HttpPipelinePosition.PerRetry);
        var queues = new QueueServiceClient(azurite.ConnectionString, queueOptions);
        var rawQueueOptions = new QueueClientOptions
        {
            MessageEncoding = QueueMessageEncoding.None,
            Transport = new Azure.Core.Pipeline.HttpClientTransport(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) }),
        };
        rawQueueOptions.Retry.MaxRetries = 0;
        rawQueueOptions.AddPolicy(faults, Azure.Core.HttpPipelinePosition.PerRetry);
        var rawQueues = new QueueServiceClient(azurite.ConnectionString, rawQueueOptions);
        var time = new FakeTimeProvider(Start);
        var answerFaults = new BlobAnswerFaults();
        var blobs = ServiceClockBlobs(azurite, time, answerFaults);
        var journey = new RecordingJourney();
        var dispatcher = new ScriptedDispatcher(time);
        // Delays the app asks of the queue are real time in Azurite: zero unless a test sets them.
        var values = new Dictionary<string, string?>
        {
            ["Alerts:Processing:BusyRedeliveryDelay"] = "00:00:00",
            ["Alerts:Processing:RetryInitialDelay"] = "00:00:00",
            ["Alerts:Processing:RetryMaxDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(queues)
            .AddSingleton(blobs)
            .AddSingleton(new ProcessingStorage(queues, blobs, rawQueues))
            .AddSingleton<TimeProvider>(workerClock ?? time)
            .AddSingleton<IAlertDispatcher>(dispatcher)
            .AddSingleton<CodatAlerts.Journey.IAlertJourney>(journey)
            .AddAlertProcessing(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await ResetStorageAsync(queues, blobs);
        return new ProcessingHarness(services, azurite.ConnectionString, queues, blobs, time, dispatcher) { Faults = faults, AnswerFaults = answerFaults, Journey = journey };
    }

    /// <summary>A blob client whose responses carry <paramref name="time"/> as the service's clock (see <see cref="FakeServiceClock"/>).</summary>
    public static BlobServiceClient ServiceClockBlobs(AzuriteFixture azurite, FakeTimeProvider time, BlobAnswerFaults? answerFaults = null)
    {
        var options = new BlobClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(50); // A lost answer's retry comes soon.
        options.AddPolicy(new FakeServiceClock(time), Azure.Core.HttpPipelinePosition.PerRetry);
        if (answerFaults is not null)
        {
            options.AddPolicy(answerFaults, Azure.Core.HttpPipelinePosition.PerRetry);
        }

        return new BlobServiceClient(azurite.ConnectionString, options);
    }

    /// <summary>Empties every partition and poison queue, both alert containers and the duplicate tallies (the tests share one Azurite).</summary>
    public static async Task ResetStorageAsync(QueueServiceClient queues, BlobServiceClient blobs)
    {
        foreach (var name in AlertPartitions.QueueNames.SelectMany(q => new[] { q, q + AlertPartitions.PoisonSuffix }))
        {
            var queue = queues.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }

        foreach (var name in new[] { AlertContainers.Records, AlertContainers.Bodies })
        {
            var container = blobs.GetBlobContainerClient(name);
            await container.CreateIfNotExistsAsync();
            await foreach (var blob in container.GetBlobsAsync())
            {
                await container.DeleteBlobAsync(blob.Name);
            }
        }

        var journeys = blobs.GetBlobContainerClient(CodatAlerts.Journey.BlobAlertJourney.Container);
        if (await journeys.ExistsAsync())
        {
            await foreach (var tally in journeys.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, CodatAlerts.Journey.DuplicateTally.Prefix, default))
            {
                await journeys.DeleteBlobAsync(tally.Name);
            }
        }
    }

    /// <summary>Puts an envelope on its partition queue exactly as the intake does.</summary>
    public async Task EnqueueAsync(AlertEnvelope envelope) =>
        await Queues.GetQueueClient(AlertPartitions.QueueName(envelope.Partition)).SendMessageAsync(BinaryData.FromBytes(AlertEnvelopeSerializer.Serialize(envelope)));

    /// <summary>Receives one message of a queue (for calling the processor directly), or fails.</summary>
    public async Task<QueueMessage> ReceiveAsync(string queueName)
    {
        var message = (await Queues.GetQueueClient(queueName).ReceiveMessageAsync(TimeSpan.FromMinutes(10))).Value;
        return message ?? throw new InvalidOperationException($"Queue {queueName} is empty.");
    }

    /// <summary>Every visible message body of a queue, left in place (receives and makes each visible again).</summary>
    public async Task<IReadOnlyList<BinaryData>> ReadAllAsync(string queueName)
    {
        var queue = Queues.GetQueueClient(queueName);
        var seen = new List<QueueMessage>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value is { Length: > 0 } batch)
        {
            seen.AddRange(batch);
        }

        foreach (var message in seen)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        return [.. seen.Select(m => m.Body)];
    }

    /// <summary>Every message of every poison queue, unwrapped, left in place.</summary>
    public async Task<IReadOnlyList<PoisonedAlert>> ReadPoisonAsync()
    {
        var all = new List<PoisonedAlert>();
        foreach (var queue in AlertPartitions.QueueNames)
        {
            all.AddRange((await ReadAllAsync(queue + AlertPartitions.PoisonSuffix)).Select(PoisonMessage.Read));
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
