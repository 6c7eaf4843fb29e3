using System.Net;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// The whole app's service graph (<c>AddCodatAlerts</c>, as <c>Program.cs</c> wires it), from the HTTP function
/// through the partition queues and the emulated host to the real handlers.
/// </summary>
[Collection("Azurite")]
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_codat_sample_accepted_twice_is_handled_once_by_the_real_handlers()
    {
        // Arrange
        await using var app = await WholeApp.StartAsync(
            azurite, host => host with { VisibilityTimeout = TimeSpan.Zero }, ("Alerts:Processing:BusyRedeliveryDelay", "00:00:00"), ("Alerts:Processing:RetryInitialDelay", "00:00:00"), ("Alerts:Processing:RetryMaxDelay", "00:00:00"));
        var alerts = CodatSamples.All
            .Select(sample => (Name: sample.Key, Key: Guid.NewGuid().ToString(), Body: CodatSamples.ForClient(sample.Value, WholeApp.Client)))
            .ToList();

        // Act
        foreach (var (_, key, body) in alerts.Concat(alerts))
        {
            var response = await app.PostAsync(CodatSamples.WithFreshId(body, key));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await app.Host.RunUntilIdleAsync();

        // Assert
        var store = app.Services.GetRequiredService<AlertRecordStore>();
        foreach (var (name, key, _) in alerts)
        {
            var record = await store.GetAsync(WholeApp.Client, key, default);
            Assert.True(record is { State: AlertRecordState.Completed, Outcome: AlertRecordStore.HandledOutcome, Attempts: 1 }, $"{name}: {record}");
        }

        Assert.Equal(0, app.Host.Failed);
        foreach (var queue in AlertPartitions.QueueNames)
        {
            Assert.Equal(0, (await app.Queues.GetQueueClient(queue + AlertPartitions.PoisonSuffix).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
    }
}
