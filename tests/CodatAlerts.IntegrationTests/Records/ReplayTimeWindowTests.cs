using CodatAlerts.IntegrationTests.Processing;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Replay;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>"Replay everything that failed between 02:00 and 03:00." — <c>ReplayPoison</c> with <c>since</c>/<c>until</c>.</summary>
[Collection("Azurite")]
public sealed class ReplayTimeWindowTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Two = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_the_alerts_received_from_since_up_to_until_are_moved_back_and_run()
    {
        // Arrange: failed alerts received at 01:59:59, 02:00, 02:59:59 and 03:00.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var alerts = new[] { Two.AddSeconds(-1), Two, Two.AddHours(1).AddSeconds(-1), Two.AddHours(1) }
            .Select(t => TestAlerts.Envelope("dddddddd-4444-4444-8444-444444444444") with { ReceivedAt = t })
            .ToArray();
        foreach (var alert in alerts)
        {
            harness.Dispatcher.Script(alert.DedupKey, DispatchStep.FailPermanently);
            await harness.EnqueueAsync(alert);
        }

        await harness.Host.RunUntilIdleAsync();
        foreach (var alert in alerts)
        {
            harness.Dispatcher.Script(alert.DedupKey); // fixed
        }

        // Act
        var report = await harness.Replayer.ReplayAsync(new ReplayRequest(null, null, null, 100, DryRun: false, Since: Two, Until: Two.AddHours(1)), default);
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal((4, 2, 2), (report.Scanned, report.Matched, report.Replayed));
        Assert.Equal([alerts[1].DedupKey, alerts[2].DedupKey], alerts.Where(a => harness.Dispatcher.Handled.GetValueOrDefault(a.DedupKey) == 1).Select(a => a.DedupKey));
        Assert.Equal(2, (await harness.ReadPoisonAsync()).Count);
        Assert.Equal(AlertRecordState.Completed, (await harness.Records.GetAsync(alerts[1].ClientId, alerts[1].DedupKey, default))!.State);
    }
}
