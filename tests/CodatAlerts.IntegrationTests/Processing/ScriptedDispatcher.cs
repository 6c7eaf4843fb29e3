using System.Collections.Concurrent;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>What the scripted dispatcher does on one attempt of an alert.</summary>
internal enum DispatchStep
{
    /// <summary>Runs the "handler": counts one completion.</summary>
    Handle,

    /// <summary>Throws an ordinary exception (a handler's downstream call failed).</summary>
    FailTransiently,

    /// <summary>Throws <see cref="PermanentAlertException"/>.</summary>
    FailPermanently,

    /// <summary>Returns <see cref="DispatchOutcome.Parked"/>.</summary>
    Park,

    /// <summary>The worker dies after its claim: the invocation is abandoned and never returns (see <see cref="QueueHostEmulator"/>).</summary>
    Crash,

    /// <summary>Runs until its token is cancelled (a handler that would outlive the lease).</summary>
    RunUntilCancelled,

    /// <summary>Runs the "handler" (its effect counts), then the worker dies before the record is completed.</summary>
    HandleThenCrash,

    /// <summary>The worker dies after its claim and its queue message is lost with it.</summary>
    CrashAndLoseMessage,

    /// <summary>Ignores its token: runs on past the lease (the fake clock is moved past it), then completes.</summary>
    IgnoreCancellationPastLease,

    /// <summary>Runs until the test calls <see cref="ScriptedDispatcher.Finish"/> (then handles) or its token is cancelled.</summary>
    Block,
}

/// <summary>
/// The test's <see cref="IAlertDispatcher"/>: per dedup key, a script of steps by attempt (then <see cref="DispatchStep.Handle"/>),
/// a count of handler starts (<see cref="Attempts"/>: every dispatch, whatever it ended with) and of completed handler
/// effects (<see cref="Handled"/>).
/// </summary>
internal sealed class ScriptedDispatcher(Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null) : IAlertDispatcher
{
    private readonly ConcurrentDictionary<string, DispatchStep[]> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _handled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _blocked = new();
    private readonly ConcurrentDictionary<string, int> _cancelled = new();

    /// <summary>Completed handler runs per dedup key.</summary>
    public IReadOnlyDictionary<string, int> Handled => _handled;

    /// <summary>Handler starts (dispatch calls) per dedup key.</summary>
    public IReadOnlyDictionary<string, int> Attempts => _attempts;

    /// <summary>Dispatches whose handler saw its token cancelled, per dedup key.</summary>
    public IReadOnlyDictionary<string, int> Cancelled => _cancelled;

    /// <summary>Runs at the start of every dispatch, before its step (a rival's write, a fault to arm).</summary>
    public Func<AlertEnvelope, Task>? BeforeStep { get; set; }

    public void Script(string dedupKey, params DispatchStep[] steps) => _scripts[dedupKey] = steps;

    /// <summary>Lets a <see cref="DispatchStep.Block"/> dispatch of <paramref name="dedupKey"/> finish and handle.</summary>
    public void Finish(string dedupKey) => _blocked.GetOrAdd(dedupKey, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task<DispatchOutcome> DispatchAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var attempt = _attempts.AddOrUpdate(envelope.DedupKey, 1, (_, n) => n + 1);
        if (BeforeStep is { } before)
        {
            await before(envelope);
        }

        var script = _scripts.GetValueOrDefault(envelope.DedupKey, []);
        var step = script.Contains(DispatchStep.FailPermanently)
            ? DispatchStep.FailPermanently
            : attempt <= script.Length ? script[attempt - 1] : DispatchStep.Handle;

        switch (step)
        {
            case DispatchStep.FailTransiently:
                throw new InvalidOperationException($"Injected transient failure, attempt {attempt}.");
            case DispatchStep.FailPermanently:
                throw new PermanentAlertException("Injected permanent failure: the payload cannot be parsed for its rule type.");
            case DispatchStep.Park:
                return DispatchOutcome.Parked;
            case DispatchStep.Crash:
                return await QueueHostEmulator.AbandonCurrentInvocation<DispatchOutcome>();
            case DispatchStep.RunUntilCancelled:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case DispatchStep.CrashAndLoseMessage:
                return await QueueHostEmulator.AbandonAndLoseCurrentMessage<DispatchOutcome>();
            case DispatchStep.HandleThenCrash:
                _handled.AddOrUpdate(envelope.DedupKey, 1, (_, n) => n + 1);
                return await QueueHostEmulator.AbandonCurrentInvocation<DispatchOutcome>();
            case DispatchStep.Block:
                var finished = _blocked.GetOrAdd(envelope.DedupKey, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                try
                {
                    await finished.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    _cancelled.AddOrUpdate(envelope.DedupKey, 1, (_, n) => n + 1);
                    throw;
                }

                break;
            case DispatchStep.IgnoreCancellationPastLease:
                (time ?? throw new InvalidOperationException("This step needs the fake clock.")).Advance(TimeSpan.FromMinutes(6));
                break;
        }

        _handled.AddOrUpdate(envelope.DedupKey, 1, (_, n) => n + 1);
        return DispatchOutcome.Handled;
    }
}
