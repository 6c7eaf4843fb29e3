using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>The processor and the replayer report what happened on the alert instruments.</summary>
[Collection("Azurite")]
public sealed class ProcessingMetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_outcome_is_counted_on_its_instrument()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        using var counts = new InstrumentCounts(harness.MeterFactory);
        var handled = TestAlerts.Envelope("dddddddd-4444-4444-8444-444444444444");
        var poisoned = TestAlerts.Envelope("dddddddd-4444-4444-8444-444444444444");
        harness.Dispatcher.Script(handled.DedupKey, DispatchStep.FailTransiently);
        harness.Dispatcher.Script(poisoned.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(handled);
        await harness.EnqueueAsync(TestAlerts.Redelivery(handled));
        await harness.EnqueueAsync(poisoned);
        await harness.EnqueueAsync(TestAlerts.Envelope("eeeeeeee-5555-4555-9555-555555555555", ruleType: "Brand New Rule", ruleTypeKnown: false));

        // Act
        await harness.Host.RunUntilIdleAsync();
        harness.Dispatcher.Script(poisoned.DedupKey);
        await harness.Replayer.ReplayAsync(new CodatAlerts.Replay.ReplayRequest(null, null, null, 10, DryRun: false), default);
        await harness.Host.RunUntilIdleAsync();

        // Assert
        Assert.Equal(3, counts[TelemetryNames.Processed]); // handled, parked, and the replayed one
        Assert.Equal(1, counts[TelemetryNames.Parked]);
        Assert.Equal(1, counts[TelemetryNames.Duplicates]);
        Assert.Equal(1, counts[TelemetryNames.Failed]);
        Assert.Equal(1, counts[TelemetryNames.Poisoned]);
        Assert.Equal(1, counts[TelemetryNames.Replayed]);
    }

    /// <summary>Sums the counters of one meter factory only, so tests running beside this one cannot add to it.</summary>
    private sealed class InstrumentCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _counts = new();

        public InstrumentCounts(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == TelemetryNames.Source)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counts.AddOrUpdate(instrument.Name, value, (_, n) => n + value));
            _listener.Start();
        }

        public long this[string instrument] => _counts.GetValueOrDefault(instrument);

        public void Dispose() => _listener.Dispose();
    }
}
