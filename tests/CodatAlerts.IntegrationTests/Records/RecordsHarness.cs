using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Azure.Storage.Blobs;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Operators;
using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Journey;
using CodatAlerts.Operations;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>
/// The inspector over the processing harness's Azurite, clock and scripted handlers, wired as the app wires it, with
/// the function classes and a count of the re-run counter of this harness's own meter factory.
/// </summary>
internal sealed class RecordsHarness : IAsyncDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    private RecordsHarness(ProcessingHarness processing)
    {
        Processing = processing;
        Reader = new AlertRecordReader(processing.Blobs, processing.Time, NullLogger<AlertRecordReader>.Instance);
        var enqueuer = new StorageAlertEnqueuer(new AlertQueues(processing.Queues), processing.Blobs, Options.Create(new QueueingOptions()), NullLogger<StorageAlertEnqueuer>.Instance);
        Journey = new BlobAlertJourney(processing.Blobs, new JourneyMetrics(processing.MeterFactory), NullLogger<BlobAlertJourney>.Instance);
        Audit = new OperatorAudit(processing.Blobs, processing.Time, NullLogger<OperatorAudit>.Instance);
        JourneyReader = new AlertJourneyReader(processing.Blobs, Reader, NullLogger<AlertJourneyReader>.Instance);
        Rerunner = new AlertRerunner(processing.Blobs, enqueuer, Journey, new RecordMetrics(processing.MeterFactory), processing.Time, NullLogger<AlertRerunner>.Instance);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == processing.MeterFactory && instrument.Meter.Name == TelemetryNames.Source)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counts.AddOrUpdate(instrument.Name, value, (_, n) => n + value));
        _listener.Start();
    }

    public ProcessingHarness Processing { get; }

    public AlertRecordReader Reader { get; }

    public AlertRerunner Rerunner { get; }

    public BlobAlertJourney Journey { get; }

    public AlertJourneyReader JourneyReader { get; }

    public BlobContainerClient Journeys => Processing.Blobs.GetBlobContainerClient(BlobAlertJourney.Container);

    public BlobContainerClient Container => Processing.Blobs.GetBlobContainerClient(AlertContainers.Records);

    /// <summary>Builds the harness over emptied queues, records, bodies and journeys.</summary>
    public static async Task<RecordsHarness> CreateAsync(AzuriteFixture azurite)
    {
        var harness = new RecordsHarness(await ProcessingHarness.CreateAsync(azurite));
        await harness.Journeys.DeleteIfExistsAsync(); // Azurite deletes at once; the first journey line creates it again.
        await harness.Processing.Blobs.GetBlobContainerClient(OperatorAudit.Container).DeleteIfExistsAsync();
        return harness;
    }

    public long Count(string instrument) => _counts.GetValueOrDefault(instrument);

    /// <summary>Enqueues the envelopes as the intake does and lets the emulated host process everything.</summary>
    public async Task ProcessAsync(params AlertEnvelope[] envelopes)
    {
        foreach (var envelope in envelopes)
        {
            await Processing.EnqueueAsync(envelope);
        }

        await Processing.Host.RunUntilIdleAsync();
    }

    /// <summary>A signed-in operator (the operator role), as the access middleware sets one.</summary>
    public static readonly OperatorIdentity Operator = new("ops@example.com", "00000000-0000-0000-0000-00000000000a", OperatorRole.Operator, "entra-id");

    /// <summary>A signed-in reader: sees records, not bodies.</summary>
    public static readonly OperatorIdentity ReaderRole = new("reader@example.com", "00000000-0000-0000-0000-00000000000b", OperatorRole.Reader, "entra-id");

    /// <summary>A request from <paramref name="caller"/> (the operator when not given), as the access middleware passes it on.</summary>
    public static TestHttpRequestData Request(string method, string url, OperatorIdentity? caller = null, string? body = null)
    {
        var context = FunctionContexts.For("Records");
        context.SetOperator(caller ?? Operator);
        return new(context, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body ?? string.Empty)), method, new Uri(url));
    }

    public GetAlertRecord GetFunction => new(Reader);

    public GetAlertBody BodyFunction => new(Reader);

    public ListAlertRecords ListFunction => new(Reader);

    public OperatorAudit Audit { get; }

    public RerunAlert RerunFunction => new(Rerunner, Audit);

    public GetAuditTrail AuditFunction => new(Audit, Processing.Time);

    public GetAlertJourney JourneyFunction => new(JourneyReader);

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await Processing.DisposeAsync();
    }
}
