using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using Xunit.Abstractions;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// At-least-once delivery at scale through the faithful emulated host (two instances, real holds and renewals, the
/// app's own delays, distinct worker and service clocks) against real Azurite, with scripted faults: worker crashes
/// (failing every invocation in flight on the worker), renewals and host deletes that fail (each stops its host
/// instance, cancelling what runs there), handlers that fail transiently or permanently, slow handlers, and
/// duplicate deliveries. Handler starts are counted per key by the dispatcher and checked against what the faults allow.
/// </summary>
[Collection("Azurite")]
public sealed class ChaosTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Seed = 20_261_202;
    private const int AlertCount = 1_000;
    private const string PermanentReason = "Injected permanent failure: the payload cannot be parsed for its rule type.";

    private static readonly string[] Clients =
    [
        "11111111-aaaa-4aaa-8aaa-000000000001",
        "22222222-bbbb-4bbb-9bbb-000000000002",
        "33333333-cccc-4ccc-accc-000000000003",
        "44444444-dddd-4ddd-bddd-000000000004",
        "55555555-eeee-4eee-8eee-000000000005",
    ];

    [Fact]
    public async Task Thousands_of_alerts_under_scripted_faults_each_complete_or_are_poisoned_with_a_reason_never_run_twice_at_once_and_run_again_only_where_a_fault_allows()
    {
        // Arrange
        var dispatcher = new ChaosDispatcher();
        await using var harness = await EmulatorHarness.CreateAsync(azurite, dispatcher, instances: 2);
        var random = new Random(Seed);
        var alerts = new List<AlertEnvelope>();
        var deliveries = new List<AlertEnvelope>();
        var permanent = new HashSet<string>(StringComparer.Ordinal);
        var renewalFaults = new HashSet<string>(StringComparer.Ordinal);
        var deleteFaults = new HashSet<string>(StringComparer.Ordinal);
        var scripted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var plans = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < AlertCount; i++)
        {
            var key = i % 2 == 0 ? $"msg_{i:D6}_{random.Next():x8}" : $"{random.Next():x8}-0000-4000-8000-{i:D12}";
            var alert = TestAlerts.Envelope(Clients[i % Clients.Length], key);
            alerts.Add(alert);
            var copies = random.NextDouble() < 0.15 ? random.Next(2, 4) : 1;
            deliveries.AddRange(Enumerable.Range(0, copies).Select(_ => TestAlerts.Redelivery(alert)));

            var minutes = TimeSpan.FromSeconds(random.Next(30, 4 * 60));
            (string Name, ChaosStep[] Steps, TimeSpan Duration) plan = random.NextDouble() switch
            {
                < 0.01 => ("permanent", [ChaosStep.FailPermanently], TimeSpan.Zero),
                < 0.11 => ("transient", [.. Enumerable.Repeat(ChaosStep.FailTransiently, random.Next(1, 3))], TimeSpan.Zero),
                < 0.14 => ("slow", [ChaosStep.Slow], minutes), // within the app's DispatchTimeout (4.5 min)
                < 0.144 => ("crash", [ChaosStep.SlowThenCrash], TimeSpan.FromSeconds(random.Next(5, 120))),
                < 0.148 => ("effect-then-crash", [ChaosStep.HandleThenCrash], TimeSpan.Zero),
                < 0.152 => ("renewal-fails", [.. Enumerable.Repeat(ChaosStep.SlowIgnoringCancellation, 3)], TimeSpan.FromMinutes(random.Next(16, 20))),
                < 0.157 => ("delete-fails", [], TimeSpan.Zero),
                _ => ("none", [], TimeSpan.Zero),
            };
            scripted.AddOrUpdate(plan.Name, 1, (_, n) => n + 1);
            plans[key] = plan.Name;
            dispatcher.Script(key, plan.Steps, plan.Duration);
            var faultSet = plan.Name switch
            {
                "permanent" => permanent,
                "renewal-fails" => renewalFaults,
                "delete-fails" => deleteFaults,
                _ => null,
            };
            faultSet?.Add(key);
        }

        // Each host fault strikes once per alert: the second renewal of a hold on it (after one that succeeded; its
        // handler runs 16-19 minutes ignoring its token, again if a crash cut it), the first delete of its message.
        var renewals = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var deletesFailed = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        harness.Host.RenewalFails = m => KeyOf(m) is { } key && renewalFaults.Contains(key) && renewals.AddOrUpdate(key, 1, (_, n) => n + 1) == 2;
        harness.Host.DeleteFails = m => KeyOf(m) is { } key && deleteFaults.Contains(key) && deletesFailed.TryAdd(key, 0);

        var enqueue = Stopwatch.StartNew();
        foreach (var chunk in deliveries.OrderBy(_ => random.Next()).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(harness.EnqueueAsync));
        }

        var enqueued = enqueue.Elapsed;

        // Act
        var clock = Stopwatch.StartNew();
        await harness.Host.RunUntilIdleAsync();
        var swept = await harness.Sweeper.SweepAsync(default);
        clock.Stop();

        // Assert
        var host = harness.Host;
        var poisoned = await harness.ReadPoisonAsync();
        var poisonByKey = poisoned.Where(p => p.Envelope is not null).GroupBy(p => p.Envelope!.DedupKey).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var starts = alerts.Sum(a => dispatcher.Starts(a.DedupKey));
        var extra = alerts.Sum(a => dispatcher.Starts(a.DedupKey) - 1 - dispatcher.TransientFailures(a.DedupKey));
        var cutKeys = alerts.Count(a => dispatcher.Cut(a.DedupKey, harness.Host) > 0);
        output.WriteLine(
            $"seed {Seed}: {AlertCount} alerts, {deliveries.Count} deliveries; scripted {string.Join(", ", scripted.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}; " +
            $"handler starts {starts} ({extra} beyond scripted failures; {cutKeys} alerts had an invocation cut); host: {host.Succeeded} succeeded, {host.Failed} failed, " +
            $"{host.WorkerCrashes} worker crashes failing {host.Abandoned} invocations, {host.Renewals} renewals, {host.RenewalsFailed} failed, " +
            $"{host.DeletesFailed} deletes failed, {host.InstancesStopped} instances stopped, {host.Lapsed} holds lapsed, " +
            $"{host.MovedToPoison} moved to poison by the host ({swept.Swept} swept), {harness.Gate.Stopped} calls of dead workers stopped; " +
            $"{poisoned.Count} poison messages; {dispatcher.Overlaps.Count} overlapping runs ({dispatcher.OverlapsWithIgnoredTokens} more beside a handler that ignored its token); {host.Rounds} rounds, {host.Receives} receives, {host.Stalls} stalls; " +
            $"{clock.Elapsed.TotalSeconds:F1} s (enqueue {enqueued.TotalSeconds:F1} s), " +
            $"fake time {harness.WorkerTime.GetUtcNow() - ProcessingHarness.Start}");

        var violations = new List<string>();
        var secondCopies = new List<string>();
        foreach (var alert in alerts)
        {
            var key = alert.DedupKey;
            var (keyStarts, failures, effects) = (dispatcher.Starts(key), dispatcher.TransientFailures(key), dispatcher.Effects(key));

            // A cut invocation or a handler that ran on past its cancelled token each allow one more run.
            var cut = dispatcher.Cut(key, host) + dispatcher.IgnoredTokens(key);
            var poison = poisonByKey.GetValueOrDefault(key) ?? [];
            var record = await harness.Records.GetAsync(alert.ClientId, key, default);

            // One poison copy per alert; a second only where an invocation was cut between the poison write and the
            // record's note of it (the one-write window docs/processing.md names).
            if (poison.Count > 1 + cut)
            {
                violations.Add($"{key} ({plans[key]}): {poison.Count} poison copies, {keyStarts} starts, {cut} cut invocations");
            }

            if (poison.Count > 1)
            {
                secondCopies.Add($"{key} ({plans[key]}, {cut} cut)");
            }


            if (permanent.Contains(key))
            {
                if (poison.Count == 0 || poison[0].Reason != PermanentReason || effects != 0 || record?.State != AlertRecordState.Failed)
                {
                    violations.Add($"{key} (permanent): {poison.Count} poison copies ({poison.FirstOrDefault()?.Reason}), {effects} effects, record {record?.State}");
                }

                continue;
            }

            var completed = record?.State == AlertRecordState.Completed && effects >= 1;
            var poisonedWithReason = poison.Count == 1 && !string.IsNullOrEmpty(poison[0].Reason);
            if (!completed && !poisonedWithReason)
            {
                violations.Add($"{key} ({plans[key]}): neither completed (record {record?.State}, {effects} effects) nor poisoned with a reason");
            }

            // Every scripted failure is retried; beyond those, only an invocation the host cut may run the alert again.
            if (keyStarts > 1 + failures + cut || (completed && keyStarts < 1 + failures))
            {
                violations.Add($"{key} ({plans[key]}): {keyStarts} starts for {failures} scripted failures and {cut} cut invocations");
            }

            if (effects > 1 + cut)
            {
                violations.Add($"{key} ({plans[key]}): {effects} effects with {cut} cut invocations");
            }
        }

        output.WriteLine($"second poison copies after a cut: {secondCopies.Count} ({string.Join(", ", secondCopies)})");
        foreach (var line in dispatcher.Overlaps.Select(o => $"{o} ({plans[o[..o.IndexOf(':', StringComparison.Ordinal)]]})").Concat(violations))
        {
            output.WriteLine(line);
        }

        // The faults really happened, and crashes failed neighbours too.
        Assert.True(host.WorkerCrashes > 0 && host.Abandoned > host.WorkerCrashes, "Crashes must fail every invocation on their worker.");
        Assert.True(host.RenewalsFailed > 0 && host.DeletesFailed > 0 && host.Lapsed > 0 && host.Renewals > 0, "Host faults must strike.");

        Assert.True(dispatcher.Overlaps.Count == 0, $"{dispatcher.Overlaps.Count} runs overlapped a live run of the same alert: {string.Join("; ", dispatcher.Overlaps.Take(10))}");
        Assert.True(violations.Count == 0, $"{violations.Count} alerts broke the oracle: {string.Join("; ", violations.Take(20))}");
        Assert.Equal(0, await harness.CountPartitionMessagesAsync());
    }

    private static string? KeyOf(QueueMessage message)
    {
        try
        {
            return AlertEnvelopeSerializer.Deserialize(message.Body.ToMemory().Span).DedupKey;
        }
        catch (EnvelopeFormatException)
        {
            return null;
        }
    }
}
