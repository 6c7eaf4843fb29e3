using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Functions.Telemetry;
using CodatAlerts.Queueing;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// codat-alerts wired as <c>src/CodatAlerts.Functions/Program.cs</c> wires it (<c>AddCodatAlerts</c>, then
/// <c>AddCodatAlertsTelemetry</c> with an Application Insights connection string, so the whole OpenTelemetry pipeline
/// and the Azure Monitor exporter run), on a plain host instead of the Functions one: the real function classes
/// <see cref="ReceiveAlert"/> and <see cref="ProcessAlerts"/> are invoked directly.
/// </summary>
internal sealed class LoadApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Func<QueueMessage, CancellationToken, Task>[] _triggers;

    private LoadApp(IHost host)
    {
        _host = host;
        Receive = host.Services.GetRequiredService<ReceiveAlert>();
        var process = host.Services.GetRequiredService<ProcessAlerts>();
        _triggers = [process.Run00, process.Run01, process.Run02, process.Run03, process.Run04, process.Run05, process.Run06, process.Run07];
        var queues = host.Services.GetRequiredService<QueueServiceClient>();
        Queues = [.. Enumerable.Range(0, AlertPartitions.Count).Select(p => queues.GetQueueClient(AlertPartitions.QueueName(p)))];
    }

    public ReceiveAlert Receive { get; }

    public IReadOnlyList<QueueClient> Queues { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<LoadApp> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // As Program.cs does.
        builder.Services.AddCodatAlerts(builder.Configuration);
        builder.AddCodatAlertsTelemetry();

        builder.Services.AddSingleton<ReceiveAlert>().AddSingleton<ProcessAlerts>();
        var host = builder.Build();
        await host.StartAsync();
        var app = new LoadApp(host);
        foreach (var queue in app.Queues)
        {
            await queue.CreateIfNotExistsAsync();
        }

        return app;
    }

    public Task<HttpResponseData> ReceiveAsync(HttpRequestData request) => Receive.Run(request, CancellationToken.None);

    public Task ProcessAsync(int partition, QueueMessage message, CancellationToken cancellationToken) =>
        _triggers[partition](message, cancellationToken);

    /// <summary>
    /// Starts a measured round with no records, as the warm-up left them. Azurite's in-memory store slows down as
    /// records and messages accumulate, which Azure Storage does not; a slower store makes the worker spend more CPU
    /// per request (idle thread-pool wake-ups, time-outs), which would be charged to the app.
    /// </summary>
    public async Task ClearRecordsAsync()
    {
        var records = _host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(AlertContainers.Records);
        await records.DeleteIfExistsAsync();
        await records.CreateIfNotExistsAsync();
    }

    /// <summary>Exports whatever telemetry is buffered, so that a phase pays for the telemetry it produced.</summary>
    public void Flush()
    {
        _host.Services.GetService<TracerProvider>()?.ForceFlush();
        _host.Services.GetService<LoggerProvider>()?.ForceFlush();
        _host.Services.GetService<MeterProvider>()?.ForceFlush();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
