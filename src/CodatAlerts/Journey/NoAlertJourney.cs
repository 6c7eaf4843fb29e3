namespace CodatAlerts.Journey;

/// <summary>Writes nothing: the journey for hosts that do not keep one (the benchmarks' bare paths, unit tests).</summary>
public sealed class NoAlertJourney : IAlertJourney
{
    /// <inheritdoc />
    public Task AppendAsync(string clientId, string dedupKey, JourneyEvent journeyEvent, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
