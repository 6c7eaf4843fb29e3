using System.Diagnostics;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using Xunit.Abstractions;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// At-least-once delivery at scale: duplicates, transient and permanent handler failures and crashed workers, all
/// through the emulated host against real Azurite, and still every alert runs exactly once.
/// </summary>
[Collection("Azurite")]
public sealed class ChaosTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Seed = 20_260_302;
    private const int AlertCount = 1_000;

    private static readonly string[] Clients =
    [
        "11111111-aaaa-4aaa-8aaa-000000000001",
        "22222222-bbbb-4bbb-9bbb-000000000002",
        "33333333-cccc-4ccc-accc-000000000003",
        "44444444-dddd-4ddd-bddd-000000000004",
        "55555555-eeee-4eee-8eee-000000000005",
    ];

    [Fact]
    public async Task A_thousand_alerts_with_duplicates_failures_and_crashes_each_run_exactly_once_and_only_permanent_failures_reach_poison()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var random = new Random(Seed);
        var alerts = new List<AlertEnvelope>();
        var permanent = new HashSet<string>(StringComparer.Ordinal);
        var deliveries = new List<AlertEnvelope>();
        int duplicated = 0, transient = 0, crashing = 0;
        for (var i = 0; i < AlertCount; i++)
        {
            // Both key forms: webhook-id (msg_…) for signed delivery, AlertId GUIDs for legacy.
            var key = i % 2 == 0 ? $"msg_{Guid.NewGuid():N}" : Guid.NewGuid().ToString();
            var alert = TestAlerts.Envelope(Clients[i % Clients.Length], key);
            alerts.Add(alert);

            var roll = random.NextDouble();
            if (roll < 0.01)
            {
                permanent.Add(key);
                harness.Dispatcher.Script(key, DispatchStep.FailPermanently);
            }
            else if (roll < 0.04)
            {
                crashing++;
                harness.Dispatcher.Script(key, random.Next(2) == 0 ? [DispatchStep.Crash] : [DispatchStep.FailTransiently, DispatchStep.Crash]);
            }
            else if (roll < 0.19)
            {
                transient++;
                harness.Dispatcher.Script(key, [.. Enumerable.Repeat(DispatchStep.FailTransiently, random.Next(1, 3))]);
            }

            // 20% of the alerts arrive two or three times.
            var copies = random.NextDouble() < 0.2 ? random.Next(2, 4) : 1;
            duplicated += copies > 1 ? 1 : 0;
            deliveries.AddRange(Enumerable.Range(0, copies).Select(_ => TestAlerts.Redelivery(alert)));
        }

        var shuffled = deliveries.OrderBy(_ => random.Next()).ToList();
        foreach (var chunk in shuffled.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(harness.EnqueueAsync));
        }

        // Act
        var clock = Stopwatch.StartNew();
        await harness.Host.RunUntilIdleAsync();
        clock.Stop();

        // Assert
        output.WriteLine(
            $"{AlertCount} alerts, {deliveries.Count} deliveries ({duplicated} alerts duplicated), {transient} with transient failures, " +
            $"{crashing} crashing, {permanent.Count} permanent; invocations: {harness.Host.Succeeded} succeeded, {harness.Host.Failed} failed, " +
            $"{harness.Host.Abandoned} abandoned; drained in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(duplicated, 150, 250);
        Assert.NotEmpty(permanent);
        Assert.True(harness.Host.Abandoned > 0, "The run must include crashed workers.");

        foreach (var alert in alerts)
        {
            var expected = permanent.Contains(alert.DedupKey) ? 0 : 1;
            Assert.Equal(expected, harness.Dispatcher.Handled.GetValueOrDefault(alert.DedupKey));
            var record = await harness.Records.GetAsync(alert.ClientId, alert.DedupKey, default);
            Assert.Equal(expected == 1 ? AlertRecordState.Completed : AlertRecordState.Failed, record?.State);
        }

        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
        var poisoned = await harness.ReadPoisonAsync();
        Assert.Equal(permanent.Order(StringComparer.Ordinal), poisoned.Select(p => p.Envelope!.DedupKey).Order(StringComparer.Ordinal));
        Assert.All(poisoned, p => Assert.NotNull(p.Reason));
        Assert.Equal(0, harness.Host.MovedToPoison);
    }
}
