using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Operators;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>
/// The whole app as <c>Program.cs</c> wires it (<c>AddCodatAlerts</c>) against a real Azurite with emptied queues and
/// containers, its HTTP functions served on loopback by <see cref="FunctionHttpServer"/>, and a drain that runs the
/// queue functions' processor over every partition queue as the host's queue listener would.
/// </summary>
internal sealed class ConsoleApp : IAsyncDisposable
{
    public const string Token = "Bearer console-test-token";

    private static readonly JsonSerializerOptions RawJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ServiceProvider _services;

    private ConsoleApp(ServiceProvider services, FunctionHttpServer server, ScriptedHandlers handlers)
    {
        _services = services;
        Server = server;
        Handlers = handlers;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public FunctionHttpServer Server { get; }

    public ScriptedHandlers Handlers { get; }

    public HttpClient Http { get; }

    /// <summary>The app's services (the operations pump runs the app's own runner).</summary>
    public IServiceProvider Services => _services;

    public Uri ConsoleUrl => new(Server.BaseAddress, "/api/console/");

    /// <summary>Starts the app; <paramref name="reset"/> empties the storage account first.</summary>
    public static async Task<ConsoleApp> StartAsync(AzuriteFixture azurite, bool reset, Action<IServiceCollection>? services = null, params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Alerts:DefaultClient:Authorization:0"] = Token,
            // Delays the app asks of the queue are real time in Azurite: none here.
            ["Alerts:Processing:BusyRedeliveryDelay"] = "00:00:00",
            ["Alerts:Processing:RetryInitialDelay"] = "00:00:00",
            ["Alerts:Processing:RetryMaxDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var handlers = new ScriptedHandlers();
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        var provider = collection
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IAlertDispatcher>(handlers)
            // A local run: this machine's environment (CONTAINER_NAME is set here) would otherwise read as Azure.
            .AddSingleton(new PlatformSignals(InAzure: false, EasyAuthEnabled: false))
            .AddCodatAlerts(configuration)
            .AddOperatorAccess(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        if (reset)
        {
            await ResetStorageAsync(provider.GetRequiredService<QueueServiceClient>(), provider.GetRequiredService<BlobServiceClient>());
        }

        var server = await FunctionHttpServer.StartAsync(provider, typeof(ServeConsole), AccessGate.For(provider));
        return new ConsoleApp(provider, server, handlers);
    }

    /// <summary>A legacy Codat alert body whose <c>AlertId</c> (the dedup key) is <paramref name="dedupKey"/>.</summary>
    /// <remarks>
    /// Written as a sender would, not as .NET escapes by default: markup characters stay literal (<c>&lt;script&gt;</c>,
    /// not <c>\u003Cscript\u003E</c>), and so does a right-to-left override, so the console gets them raw.
    /// </remarks>
    public static string Body(string clientId, string dedupKey, string companyId, string? message = null, IReadOnlyDictionary<string, string>? data = null) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object?>
        {
            ["ClientId"] = clientId,
            ["ClientName"] = "Bank of Dave",
            ["CompanyId"] = companyId,
            ["DataConnectionId"] = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
            ["RuleId"] = "70af3071-65d9-4ec3-b3cb-5283e8d55dac",
            ["RuleType"] = "Data sync completed",
            ["AlertId"] = dedupKey,
            ["Message"] = message ?? $"Data sync of type invoices completed for company {companyId}",
            ["Data"] = data ?? new Dictionary<string, string> { ["dataType"] = "invoices" },
        },
            RawJson).Replace("\\u202E", "\u202E", StringComparison.Ordinal);

    /// <summary>Delivers <paramref name="body"/> over HTTP to the real intake function, as Codat's legacy sender does.</summary>
    public async Task DeliverAsync(string clientId, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Codat-ClientId", clientId);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(Token);
        using var response = await Http.SendAsync(request);
        if ((int)response.StatusCode != 200 && (int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"The intake answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Runs the processor over every partition queue until all are empty, as the host's listener does: a message is
    /// deleted when its invocation returns and left for its next visibility when it throws.
    /// </summary>
    public async Task DrainAsync()
    {
        var processor = _services.GetRequiredService<AlertProcessor>();
        var queues = new QueueServiceClient(ConnectionString(), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        for (var pass = 0; pass < 50; pass++)
        {
            var received = 0;
            foreach (var name in AlertPartitions.QueueNames)
            {
                var queue = queues.GetQueueClient(name);
                foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value)
                {
                    received++;
                    try
                    {
                        await processor.ProcessAsync(name, message, CancellationToken.None);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                    catch (Exception) when (message.DequeueCount < 5)
                    {
                        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                    }
                }
            }

            if (received == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException("The partition queues did not drain in 50 passes.");
    }

    private string ConnectionString() => _services.GetRequiredService<IConfiguration>()["AzureWebJobsStorage"]!;

    /// <summary>Empties every queue and container of the account (the app's and the operator API's), keeping them.</summary>
    private static async Task ResetStorageAsync(QueueServiceClient queues, BlobServiceClient blobs)
    {
        foreach (var name in AlertPartitions.QueueNames.SelectMany(q => new[] { q, q + AlertPartitions.PoisonSuffix }))
        {
            await queues.GetQueueClient(name).CreateIfNotExistsAsync();
        }

        await foreach (var queue in queues.GetQueuesAsync())
        {
            await queues.GetQueueClient(queue.Name).ClearMessagesAsync();
        }

        foreach (var name in new[] { AlertContainers.Records, AlertContainers.Bodies })
        {
            await blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync();
        }

        await foreach (var item in blobs.GetBlobContainersAsync())
        {
            var container = blobs.GetBlobContainerClient(item.Name);
            await foreach (var blob in container.GetBlobsAsync())
            {
                await container.DeleteBlobAsync(blob.Name);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await _services.DisposeAsync();
    }
}
