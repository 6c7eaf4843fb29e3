using System.Collections.Concurrent;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>What the chaos dispatcher's handler does on one attempt of an alert.</summary>
internal enum ChaosStep
{
    /// <summary>Runs at once and has its effect.</summary>
    Handle,

    /// <summary>Throws an ordinary exception (a downstream call failed).</summary>
    FailTransiently,

    /// <summary>Throws <see cref="PermanentAlertException"/>.</summary>
    FailPermanently,

    /// <summary>Takes the alert's duration of fake time (honouring its token), then has its effect.</summary>
    Slow,

    /// <summary>Takes the alert's duration of fake time ignoring its token, then has its effect.</summary>
    SlowIgnoringCancellation,

    /// <summary>Takes the alert's duration of fake time, then its worker process dies.</summary>
    SlowThenCrash,

    /// <summary>Has its effect, then its worker process dies before the app records it.</summary>
    HandleThenCrash,
}

/// <summary>
/// The chaos run's handler: a script of steps per dedup key (by attempt; then <see cref="ChaosStep.Handle"/>), and a
/// record of what really happened, counted here and not by the code under test: every start, every effect, every run
/// that was live while another run of the same alert started, and every run whose invocation the host cut (its worker
/// crashed, or its instance asked it to stop).
/// </summary>
internal sealed class ChaosDispatcher : IAlertDispatcher
{
    private readonly ConcurrentDictionary<string, ChaosStep[]> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _durations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<Run>> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _overlaps = new();
    private readonly ConcurrentDictionary<string, int> _effects = new(StringComparer.Ordinal);

    private int _overlapsWithIgnoredTokens;

    /// <summary>A run that started while another run of the same alert was live and not told to stop: each is described here.</summary>
    public IReadOnlyCollection<string> Overlaps => _overlaps;

    /// <summary>
    /// Runs that started while another run of the same alert ran on after its token was cancelled: the handler broke
    /// its contract (honour the token), which the app detects (lease overrun) but cannot prevent.
    /// </summary>
    public int OverlapsWithIgnoredTokens => _overlapsWithIgnoredTokens;

    public void Script(string dedupKey, ChaosStep[] steps, TimeSpan duration = default)
    {
        _scripts[dedupKey] = steps;
        _durations[dedupKey] = duration;
    }

    /// <summary>Handler starts of <paramref name="dedupKey"/>.</summary>
    public int Starts(string dedupKey) => _runs.TryGetValue(dedupKey, out var runs) ? Locked(runs, r => r.Count) : 0;

    /// <summary>When each run of <paramref name="dedupKey"/> started, on the workers' clock.</summary>
    public IReadOnlyList<DateTimeOffset> StartTimes(string dedupKey) =>
        _runs.TryGetValue(dedupKey, out var runs) ? LockedList(runs, r => r.StartedAt) : [];

    /// <summary>Effects of <paramref name="dedupKey"/> (handler runs that finished on a live worker).</summary>
    public int Effects(string dedupKey) => _effects.GetValueOrDefault(dedupKey);

    /// <summary>Runs that failed transiently by script.</summary>
    public int TransientFailures(string dedupKey) => Count(dedupKey, r => r.Step == ChaosStep.FailTransiently);

    /// <summary>Runs that ran on after their token was cancelled (each lets the alert run once more, even alongside).</summary>
    public int IgnoredTokens(string dedupKey) => Count(dedupKey, r => r.IgnoredToken || (!r.Ended && r.Step == ChaosStep.SlowIgnoringCancellation && r.Token.IsCancellationRequested));

    /// <summary>Runs whose invocation the host cut: worker crash or instance shutdown (each permits one more start).</summary>
    public int Cut(string dedupKey, QueueHostEmulator host) => Count(dedupKey, r => host.WasCut(r.Invocation));

    public async Task<DispatchOutcome> DispatchAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var key = envelope.DedupKey;
        var runs = _runs.GetOrAdd(key, _ => []);
        var alive = QueueHostEmulator.CurrentWorkerLiveness();
        Run run;
        lock (runs)
        {
            var live = runs.Where(r => !r.Ended && r.Alive()).ToList();
            if (live.Count > 0 && live.All(r => r.Token.IsCancellationRequested))
            {
                Interlocked.Increment(ref _overlapsWithIgnoredTokens);
            }
            else if (live.Count > 0)
            {
                _overlaps.Enqueue($"{key}: attempt {runs.Count + 1} (message {QueueHostEmulator.CurrentMessageId}) started while " +
                    string.Join(", ", live.Select(r => $"attempt {r.Attempt} (message {r.MessageId})")) + " still ran");
            }

            var script = _scripts.GetValueOrDefault(key, []);
            var step = script.Contains(ChaosStep.FailPermanently)
                ? ChaosStep.FailPermanently
                : runs.Count < script.Length ? script[runs.Count] : ChaosStep.Handle;
            run = new Run(runs.Count + 1, step, QueueHostEmulator.CurrentMessageId, QueueHostEmulator.CurrentInvocationId, alive)
            {
                StartedAt = QueueHostEmulator.CurrentWorkerTime ?? DateTimeOffset.MinValue,
                Token = cancellationToken,
            };
            runs.Add(run);
        }

        try
        {
            var duration = _durations.GetValueOrDefault(key);
            switch (run.Step)
            {
                case ChaosStep.FailTransiently:
                    throw new InvalidOperationException($"Injected transient failure, attempt {run.Attempt}.");
                case ChaosStep.FailPermanently:
                    throw new PermanentAlertException("Injected permanent failure: the payload cannot be parsed for its rule type.");
                case ChaosStep.Slow:
                    await QueueHostEmulator.DelayAsync(duration, cancellationToken);
                    break;
                case ChaosStep.SlowIgnoringCancellation:
                    await QueueHostEmulator.DelayAsync(duration, CancellationToken.None);
                    run.IgnoredToken = cancellationToken.IsCancellationRequested;
                    break;
                case ChaosStep.SlowThenCrash:
                    await QueueHostEmulator.DelayAsync(duration, cancellationToken);
                    return await QueueHostEmulator.AbandonCurrentInvocation<DispatchOutcome>();
                case ChaosStep.HandleThenCrash:
                    Effect(key, alive);
                    return await QueueHostEmulator.AbandonCurrentInvocation<DispatchOutcome>();
            }

            Effect(key, alive);
            return DispatchOutcome.Handled;
        }
        finally
        {
            run.Ended = true;
        }
    }

    private void Effect(string key, Func<bool> alive)
    {
        // A dead process has no effects.
        if (alive())
        {
            _effects.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }

    private int Count(string key, Func<Run, bool> predicate) =>
        _runs.TryGetValue(key, out var runs) ? Locked(runs, r => r.Count(predicate)) : 0;

    private static List<T> LockedList<T>(List<Run> runs, Func<Run, T> select)
    {
        lock (runs)
        {
            return [.. runs.Select(select)];
        }
    }

    private static int Locked(List<Run> runs, Func<List<Run>, int> read)
    {
        lock (runs)
        {
            return read(runs);
        }
    }

    private sealed class Run(int attempt, ChaosStep step, string? messageId, int invocation, Func<bool> alive)
    {
        public int Attempt { get; } = attempt;

        public ChaosStep Step { get; } = step;

        public string? MessageId { get; } = messageId;

        public int Invocation { get; } = invocation;

        public Func<bool> Alive { get; } = alive;

        public DateTimeOffset StartedAt { get; init; }

        public CancellationToken Token { get; init; }

        public bool IgnoredToken { get; set; }

        public volatile bool Ended;
    }
}
