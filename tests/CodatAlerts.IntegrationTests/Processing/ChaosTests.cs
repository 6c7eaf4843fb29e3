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
    public async Task A_thousand_alerts_with_duplicates_failures_crashes_and_lost_messages_each_start_exactly_as_often_as_their_faults_require()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var random = new Random(Seed);
        var alerts = new List<AlertEnvelope>();
        var permanent = new HashSet<string>(StringComparer.Ordinal);
        var effectThenCrash = new HashSet<string>(StringComparer.Ordinal);
        var expectedStarts = new Dictionary<string, int>(StringComparer.Ordinal);
        var deliveries = new List<AlertEnvelope>();
        int duplicated = 0, transient = 0, crashing = 0, losing = 0;
        for (var i = 0; i < AlertCount; i++)
        {
            // Both key forms: webhook-id (msg_…) for signed delivery, AlertId GUIDs for legacy.
            var key = i % 2 == 0 ? $"msg_{Guid.NewGuid():N}" : Guid.NewGuid().ToString();
            var alert = TestAlerts.Envelope(Clients[i % Clients.Length], key);
            alerts.Add(alert);

            // 20% of the alerts arrive two or three times.
            var copies = random.NextDouble() < 0.2 ? random.Next(2, 4) : 1;
            duplicated += copies > 1 ? 1 : 0;
            deliveries.AddRange(Enumerable.Range(0, copies).Select(_ => TestAlerts.Redelivery(alert)));

            DispatchStep[] script = [];
            var roll = random.NextDouble();
            if (roll < 0.01)
            {
                permanent.Add(key);
                script = [DispatchStep.FailPermanently];
            }
            else if (roll < 0.03)
            {
                crashing++;
                script = random.Next(2) == 0 ? [DispatchStep.Crash] : [DispatchStep.FailTransiently, DispatchStep.Crash];
            }
            else if (roll < 0.04)
            {
                // The handler's effect happened, the worker died before the record said so: it runs again.
                effectThenCrash.Add(key);
                script = [DispatchStep.HandleThenCrash];
            }
            else if (roll < 0.05 && copies > 1)
            {
                // The message holding the claim is lost with its worker; another copy must carry the alert.
                losing++;
                script = [DispatchStep.CrashAndLoseMessage];
            }
            else if (roll < 0.20)
            {
                transient++;
                script = [.. Enumerable.Repeat(DispatchStep.FailTransiently, random.Next(1, 3))];
            }

            harness.Dispatcher.Script(key, script);
            expectedStarts[key] = permanent.Contains(key) ? 1 : script.Length + 1;
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
        var starts = alerts.Select(a => harness.Dispatcher.Attempts.GetValueOrDefault(a.DedupKey)).ToList();
        var distribution = string.Join(", ", starts.GroupBy(n => n).OrderBy(g => g.Key).Select(g => $"{g.Key} start(s): {g.Count()} keys"));
        output.WriteLine(
            $"{AlertCount} alerts, {deliveries.Count} deliveries ({duplicated} alerts duplicated), {transient} with transient failures, " +
            $"{crashing} crashing, {effectThenCrash.Count} crashing after their effect, {losing} losing the claim's message, {permanent.Count} permanent; " +
            $"handler starts {starts.Sum()} ({distribution}); invocations: {harness.Host.Succeeded} succeeded, {harness.Host.Failed} failed " +
            $"({harness.Host.Abandoned} crashed, {harness.Host.Lost} lost); drained in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(duplicated, 150, 250);
        Assert.NotEmpty(permanent);
        Assert.NotEmpty(effectThenCrash);
        Assert.True(losing > 0 && harness.Host.Lost == losing, $"{losing} alerts should lose their claim's message; {harness.Host.Lost} did.");
        Assert.True(harness.Host.Abandoned > 0, "The run must include crashed workers.");

        foreach (var alert in alerts)
        {
            var key = alert.DedupKey;
            Assert.True(expectedStarts[key] == harness.Dispatcher.Attempts.GetValueOrDefault(key), $"{key}: {harness.Dispatcher.Attempts.GetValueOrDefault(key)} starts, expected {expectedStarts[key]}");
            var effects = permanent.Contains(key) ? 0 : effectThenCrash.Contains(key) ? 2 : 1;
            Assert.Equal(effects, harness.Dispatcher.Handled.GetValueOrDefault(key));
            var record = await harness.Records.GetAsync(alert.ClientId, key, default);
            Assert.Equal(effects == 0 ? AlertRecordState.Failed : AlertRecordState.Completed, record?.State);
        }

        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
        var poisoned = await harness.ReadPoisonAsync();
        Assert.Equal(permanent.Order(StringComparer.Ordinal), poisoned.Select(p => p.Envelope!.DedupKey).Order(StringComparer.Ordinal));
        Assert.All(poisoned, p => Assert.NotNull(p.Reason));
        Assert.Equal(0, harness.Host.MovedToPoison);
    }
}
