using System.Collections.Concurrent;
using CodatAlerts.Processing.Handlers;

namespace CodatAlerts.Tests.Processing.Handlers;

/// <summary>What a <see cref="RecordingHandler{TAlert}"/> received.</summary>
internal sealed record ReceivedAlert(Type AlertType, string RuleType, string? Qualifier, object Context);

/// <summary>Every alert the recording handlers received, in order.</summary>
internal sealed class AlertRecorder
{
    private readonly ConcurrentQueue<ReceivedAlert> _received = new();

    public IReadOnlyList<ReceivedAlert> Received => [.. _received];

    public void Add(ReceivedAlert received) => _received.Enqueue(received);

    /// <summary>The only alert received, asserted to be a <typeparamref name="TAlert"/>.</summary>
    public AlertContext<TAlert> Single<TAlert>()
        where TAlert : class =>
        Assert.IsType<AlertContext<TAlert>>(Assert.Single(Received).Context);
}

/// <summary>Records what it receives; registered as an open generic, it receives every alert type.</summary>
internal sealed class RecordingHandler<TAlert>(AlertRecorder recorder) : IAlertHandler<TAlert>
    where TAlert : class
{
    public Task HandleAsync(AlertContext<TAlert> alert, CancellationToken cancellationToken)
    {
        recorder.Add(new ReceivedAlert(typeof(TAlert), alert.RuleType.Name, alert.RuleTypeQualifier, alert));
        return Task.CompletedTask;
    }
}
