using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// The whole app's service graph (<c>AddCodatAlerts</c>, as <c>Program.cs</c> wires it) against a real Azurite with
/// emptied queues and containers: the HTTP function to deliver alerts to, and the emulated host that runs the queue
/// functions over what it enqueued.
/// </summary>
internal sealed class WholeApp : IAsyncDisposable
{
    public const string Token = "Bearer whole-app-token";
    public const string Client = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";

    private readonly ServiceProvider _services;

    private WholeApp(ServiceProvider services, QueueHostEmulator host)
    {
        _services = services;
        Host = host;
    }

    public IServiceProvider Services => _services;

    public QueueServiceClient Queues => _services.GetRequiredService<QueueServiceClient>();

    public QueueHostEmulator Host { get; }

    public static async Task<WholeApp> StartAsync(AzuriteFixture azurite, Func<HostQueueSettings, HostQueueSettings>? hostSettings = null, params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Alerts:DefaultClient:Authorization:0"] = Token,
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCodatAlerts(configuration)
            .AddSingleton<ReceiveAlert>()
            .AddSingleton<ProcessAlerts>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var queues = services.GetRequiredService<QueueServiceClient>();
        await ProcessingHarness.ResetStorageAsync(queues, services.GetRequiredService<BlobServiceClient>());
        var settingsFromHostJson = HostQueueSettings.Load();
        var host = new QueueHostEmulator(
            azurite.ConnectionString,
            services.GetRequiredService<ProcessAlerts>(),
            new FakeTimeProvider(ProcessingHarness.Start),
            hostSettings?.Invoke(settingsFromHostJson) ?? settingsFromHostJson);
        return new WholeApp(services, host);
    }

    /// <summary>Delivers <paramref name="body"/> to the HTTP function as the client, with the app's token.</summary>
    public Task<HttpResponseData> PostAsync(string body)
    {
        var request = TestRequests.Alert(
            FunctionContexts.For(nameof(ReceiveAlert), _services), body, ("X-Codat-ClientId", Client), ("Authorization", Token));
        return _services.GetRequiredService<ReceiveAlert>().Run(request, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
