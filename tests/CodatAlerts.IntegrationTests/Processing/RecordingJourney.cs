using System.Collections.Concurrent;
using CodatAlerts.Journey;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>An <see cref="IAlertJourney"/> that keeps every event in memory, or fails every append when told to.</summary>
internal sealed class RecordingJourney : IAlertJourney
{
    private readonly ConcurrentQueue<(string Key, JourneyEvent Event)> _events = new();

    /// <summary>When set, every append throws (a journey store that is down and, against its contract, says so).</summary>
    public bool Fail { get; set; }

    public Task AppendAsync(string clientId, string dedupKey, JourneyEvent journeyEvent, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new InvalidOperationException("Injected journey failure.");
        }

        _events.Enqueue((dedupKey, journeyEvent));
        return Task.CompletedTask;
    }

    /// <summary>The events of one alert, in the order they were appended.</summary>
    public IReadOnlyList<JourneyEvent> Of(string dedupKey) => [.. _events.Where(e => e.Key == dedupKey).Select(e => e.Event)];
}
