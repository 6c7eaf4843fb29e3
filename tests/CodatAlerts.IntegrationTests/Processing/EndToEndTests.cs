using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Processing;
using CodatAlerts.Processing.Handlers;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// The whole app's service graph (<c>AddCodatAlerts</c>, as <c>Program.cs</c> wires it), from the HTTP function
/// through the partition queues and the emulated host to the real handlers.
/// </summary>
[Collection("Azurite")]
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    private const string Token = "Bearer end-to-end-token";
    private const string Client = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";

    [Fact]
    public async Task Every_codat_sample_accepted_twice_is_handled_once_by_the_real_handlers()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Alerts:DefaultClient:Authorization:0"] = Token,
            ["Alerts:Processing:BusyRedeliveryDelay"] = "00:00:00",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCodatAlerts(configuration)
            .AddSingleton<ReceiveAlert>()
            .AddSingleton<ProcessAlerts>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var queues = services.GetRequiredService<QueueServiceClient>();
        var blobs = services.GetRequiredService<BlobServiceClient>();
        await ProcessingHarness.ResetStorageAsync(queues, blobs);
        var host = new QueueHostEmulator(queues, services.GetRequiredService<ProcessAlerts>(), new FakeTimeProvider(ProcessingHarness.Start), HostQueueSettings.Load() with { VisibilityTimeout = TimeSpan.Zero });
        var alerts = CodatSamples.All.Select(sample => (Name: sample.Key, Key: Guid.NewGuid().ToString(), Body: sample.Value)).ToList();

        // Act
        foreach (var (_, key, body) in alerts.Concat(alerts))
        {
            var request = TestRequests.Alert(FunctionContexts.For(nameof(ReceiveAlert), services), CodatSamples.WithFreshId(body, key), ("X-Codat-ClientId", Client), ("Authorization", Token));
            var response = await services.GetRequiredService<ReceiveAlert>().Run(request, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await host.RunUntilIdleAsync();

        // Assert
        var store = services.GetRequiredService<AlertRecordStore>();
        foreach (var (name, key, _) in alerts)
        {
            var record = await store.GetAsync(Client, key, default);
            Assert.True(record is { State: AlertRecordState.Completed, Outcome: AlertRecordStore.HandledOutcome, Attempts: 1 }, $"{name}: {record}");
        }

        Assert.Equal(0, host.Failed);
        foreach (var queue in AlertPartitions.QueueNames)
        {
            Assert.Equal(0, (await queues.GetQueueClient(queue + AlertPartitions.PoisonSuffix).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
    }
}
