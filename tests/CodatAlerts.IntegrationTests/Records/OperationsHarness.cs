using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.Functions.Functions;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Operations;
using CodatAlerts.Operations.Background;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>
/// Background operations over the records harness: the starter, the runner and the functions, wired as the app wires
/// them, with the re-run's enqueues counted (and, when a test says so, failed) per alert.
/// </summary>
internal sealed class OperationsHarness : IAsyncDisposable
{
    private OperationsHarness(RecordsHarness records, OperatorAudit? audit)
    {
        Records = records;
        var processing = records.Processing;
        Enqueuer = new CountingEnqueuer(new StorageAlertEnqueuer(new AlertQueues(processing.Queues), processing.Blobs, Options.Create(new QueueingOptions()), NullLogger<StorageAlertEnqueuer>.Instance));
        Rerunner = new AlertRerunner(processing.Blobs, Enqueuer, records.Journey, new RecordMetrics(processing.MeterFactory), processing.Time, NullLogger<AlertRerunner>.Instance);
        Store = new OperationStore(processing.Blobs, NullLogger<OperationStore>.Instance);
        Starter = new OperationStarter(Store, new OperationMessages(processing.Queues), audit ?? records.Audit, processing.Time, NullLogger<OperationStarter>.Instance);
        Runner = new OperatorOperationRunner(Store, records.Reader, Rerunner, records.JourneyReader, processing.Replayer, records.Audit, Options.Create(processing.Options), processing.Time, NullLogger<OperatorOperationRunner>.Instance);
    }

    public RecordsHarness Records { get; }

    public ProcessingHarness Processing => Records.Processing;

    public CountingEnqueuer Enqueuer { get; }

    public AlertRerunner Rerunner { get; }

    public OperationStore Store { get; }

    public OperationStarter Starter { get; }

    public OperatorOperationRunner Runner { get; }

    public QueueClient Queue => Processing.Queues.GetQueueClient(OperationMessages.QueueName);

    public BlobContainerClient Container => Processing.Blobs.GetBlobContainerClient(OperationStore.Container);

    public StartRerunOperation StartRerun => new(new RerunPreview(Records.Reader), Starter);

    public ReplayPoison Replay => new(Processing.Replayer, Starter);

    public GetOperation Get => new(Store);

    /// <summary>Over emptied records, queues, audit, status blobs and work queue; <paramref name="audit"/> replaces the starter's audit trail.</summary>
    public static async Task<OperationsHarness> CreateAsync(AzuriteFixture azurite, OperatorAudit? audit = null)
    {
        var records = await RecordsHarness.CreateAsync(azurite);
        var harness = new OperationsHarness(records, audit);
        await harness.Container.DeleteIfExistsAsync();
        await harness.Queue.CreateIfNotExistsAsync();
        await harness.Queue.ClearMessagesAsync();
        return harness;
    }

    /// <summary>Status blobs really stored.</summary>
    public async Task<int> CountStatusBlobsAsync()
    {
        if (!await Container.ExistsAsync())
        {
            return 0;
        }

        var count = 0;
        await foreach (var _ in Container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    /// <summary>Messages really stored on the work queue (visible or not).</summary>
    public async Task<int> CountWorkMessagesAsync() => (await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>The audit trail's <c>requested</c> lines.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RequestedAsync()
    {
        var (_, entries) = await Records.Audit.ReadAsync(ProcessingHarness.Start.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), 100, default);
        return [.. entries.Where(e => e.Result == "requested")];
    }

    /// <summary>Receives the work queue's message and runs it as the host would: deleted when the run returns, left (to come back) when it throws.</summary>
    public async Task<Exception?> DeliverAsync()
    {
        // A message left by a run that threw comes back when its (short) visibility ends, as the host's would.
        Azure.Storage.Queues.Models.QueueMessage? message = null;
        for (var wait = 0; message is null && wait < 50; wait++)
        {
            message = (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(1))).Value;
            if (message is null)
            {
                await Task.Delay(200);
            }
        }

        if (message is null)
        {
            throw new InvalidOperationException("The work queue is empty.");
        }

        try
        {
            await Runner.RunAsync(message.Body.ToString(), message.DequeueCount, default);
        }
        catch (Exception ex)
        {
            return ex;
        }

        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return null;
    }

    public async Task<OperationStatus> StatusAsync(string id) => (await Store.ReadAsync(id, default))!.Value.Status;

    public ValueTask DisposeAsync() => Records.DisposeAsync();

    /// <summary>The intake's enqueuer, counting the copies really sent per dedup key; fails the calls a test arms.</summary>
    internal sealed class CountingEnqueuer(IAlertEnqueuer inner) : IAlertEnqueuer
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _sent = new();
        private int _calls;

        /// <summary>Fails the call of this number (1-based), as a storage outage would; 0 for none.</summary>
        public int FailCall { get; set; }

        /// <summary>Fails every call.</summary>
        public bool FailAll { get; set; }

        public IReadOnlyDictionary<string, int> Sent => _sent;

        public async Task<EnqueueReceipt> EnqueueAsync(AlertEnvelope envelope, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(envelope);
            if (Interlocked.Increment(ref _calls) == FailCall || FailAll)
            {
                throw new RequestFailedException(503, "Injected enqueue fault.");
            }

            var receipt = await inner.EnqueueAsync(envelope, cancellationToken);
            _sent.AddOrUpdate(envelope.DedupKey, 1, (_, n) => n + 1);
            return receipt;
        }
    }
}
