using System.Collections.Concurrent;
using System.Reflection;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Drives queue-trigger functions against real Azurite the way the Functions host's queue listener does. Each
/// behaviour names the host source it follows (extension: <c>Azure/azure-sdk-for-net</c>,
/// <c>sdk/storage/Microsoft.Azure.WebJobs.Extensions.Storage.Common/src/Shared/</c>; host:
/// <c>Azure/azure-functions-host</c>):
/// <list type="bullet">
/// <item><b>Hold and renewal</b> (<c>Queues/QueueListener.cs</c>): a message is received with a 10-minute visibility
/// timeout (<c>_visibilityTimeout</c>), and while its function runs a timer renews it every half of that, 5 minutes
/// (<c>CreateUpdateMessageVisibilityTimer</c>, <c>UpdateQueueMessageVisibilityCommand.cs</c>). The hold runs on the
/// storage service's clock, the renewal timer on the host's (the workers') clock.</item>
/// <item><b>A renewal that fails</b> (<c>UpdateQueueMessageVisibilityCommand.cs</c>): a pop-receipt mismatch or a
/// missing message ends the renewals quietly; any other error, a 5xx included (its <c>IsServerSideError</c> branch
/// falls through to <c>throw</c>), escapes the timer (<c>Timers/TaskSeriesTimer.cs</c>) to the host's exception
/// handler, which stops the host (<c>WebScriptHostExceptionHandler.OnUnhandledExceptionAsync</c> →
/// <c>StopApplication</c>). The invocation keeps running, the hold lapses on the service clock and another instance
/// receives the message with <c>DequeueCount</c> + 1.</item>
/// <item><b>Completion</b> (<c>Queues/QueueProcessor.cs</c>): success deletes; failure releases the message with
/// <c>visibilityTimeout</c> from <c>host.json</c> as the back-off, or at <c>maxDequeueCount</c> copies only the body
/// to <c>-poison</c> (storage's default time to live) and deletes the original; a message received above the maximum
/// goes to poison without an invocation (<c>BeginProcessingMessageAsync</c>). A delete or release answered with a
/// pop-receipt mismatch or 404 is ignored; any other failure (a 5xx) escapes <c>QueueListener.ProcessMessageAsync</c>
/// to the exception handler and stops the host, and the message comes back when its hold lapses.</item>
/// <item><b>Worker crash</b> (<c>WebJobs.Script.Grpc/Channel/GrpcWorkerChannel.cs</c> <c>TryFailExecutions</c>, called
/// from <c>JobHostRpcWorkerChannelManager.ShutdownChannelIfExistsAsync</c>): every invocation in flight on the
/// worker fails, whatever function it belongs to, and each failure counts its dequeue; the host starts a new worker.
/// The crashed invocations' code never resumes: <see cref="EmulatorWorkerGate"/> stops their storage calls.</item>
/// <item><b>Shutdown</b> (<c>QueueListener.StopAsync</c>): the listener stops fetching, cancels the executions' token
/// and waits for the running invocations, which end as their code decides.</item>
/// <item><b>Fetching</b> (<c>QueueListener.ExecuteAsync</c>, <c>WaitForNewBatchThreshold</c>): <c>batchSize</c> per
/// receive, the next receive when the running invocations drop to <c>newBatchThreshold</c>.</item>
/// <item><b>Decoding</b>: a message that is not base64 goes to <c>-poison</c> as it is, without an invocation (the
/// <c>MessageDecodingFailed</c> handler in <c>QueueServiceClientProvider.cs</c> calls <c>HandlePoisonMessageAsync</c>).</item>
/// </list>
/// Time: the workers' clock and the storage service's clock are fake and distinct (<see cref="EmulatorQueueService"/>
/// puts message visibility on the service clock); the emulator moves both on together, from one known event to the
/// next (a renewal, a hold or delay ending, a handler waiting in <see cref="DelayAsync"/>), never while an invocation
/// is doing work, and by at most <see cref="MaxStepWhileRunning"/> while any invocation is in flight, so the app's own
/// timers (its lease) fire close to their time. The listeners poll at every step (the real host polls an empty queue
/// at least every <c>maxPollingInterval</c>, and every message's visibility is known to the service here).
/// </summary>
internal sealed class QueueHostEmulator
{
    /// <summary>How long the host keeps a received message invisible while its function runs (<c>QueueListener._visibilityTimeout</c>).</summary>
    public static readonly TimeSpan ReceiveHold = TimeSpan.FromMinutes(10);

    /// <summary>The renewal interval: half the hold (<c>QueueListener.CreateUpdateMessageVisibilityTimer</c>).</summary>
    public static readonly TimeSpan RenewalInterval = ReceiveHold / 2;

    /// <summary>The fake time between rounds while a listener still had messages to fetch.</summary>
    public static readonly TimeSpan BusyStep = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest step of the clocks while an invocation is in flight: the app's own timers (its dispatch budget,
    /// which keeps a 30-second safety margin before the lease ends) then fire at most this late.
    /// </summary>
    public static readonly TimeSpan MaxStepWhileRunning = TimeSpan.FromSeconds(15);

    // Receives per listener and round: re-sends made visible at once (zero delays) wait for a later round.
    private const int FetchesPerRound = 4;

    private static readonly AsyncLocal<Invocation?> CurrentInvocation = new();

    private readonly QueueServiceClient _queues;
    private readonly QueueServiceClient _raw;
    private readonly EmulatorQueueService _service;
    private readonly FakeTimeProvider _workerTime;
    private readonly HostQueueSettings _settings;
    private readonly Dictionary<string, Func<QueueMessage, CancellationToken, Task>> _triggers;
    private readonly ConcurrentDictionary<string, int> _starts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Invocation, byte> _inflight = new();
    private readonly List<Instance> _instances = [];
    private readonly int _instanceCount;
    private readonly ConcurrentQueue<Exception> _emulatorFaults = new();
    private readonly ConcurrentDictionary<int, byte> _cut = new();

    // Completed (and replaced) whenever an invocation ends or starts waiting for fake time.
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextInvocationId;
    private int _nextInstanceId;
    private int _nextWorkerId;
    private bool _shuttingDown;
    private int _succeeded;
    private int _failed;
    private int _abandoned;
    private int _lost;
    private int _movedToPoison;
    private int _undecodable;
    private int _renewals;
    private int _renewalsFailed;
    private int _deletesFailed;
    private int _instancesStopped;
    private int _workerCrashes;
    private int _stalls;
    private int _rounds;
    private int _receives;

    /// <summary>One host instance whose storage service shares <paramref name="time"/> as its clock.</summary>
    public QueueHostEmulator(string connectionString, object functions, FakeTimeProvider time, HostQueueSettings settings)
        : this(connectionString, functions, settings, time, new EmulatorQueueService(connectionString, time), instances: 1)
    {
    }

    /// <summary>
    /// <paramref name="instances"/> host instances (each runs every trigger on one worker) on the workers' clock
    /// <paramref name="workerTime"/>, over a storage service with its own clock (<paramref name="service"/>).
    /// </summary>
    public QueueHostEmulator(string connectionString, object functions, HostQueueSettings settings, FakeTimeProvider workerTime, EmulatorQueueService service, int instances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        _queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        _raw = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        _service = service;
        _workerTime = workerTime;
        _settings = settings;
        _triggers = DiscoverTriggers(functions);
        _instanceCount = instances;
        for (var i = 0; i < instances; i++)
        {
            _instances.Add(NewInstance());
        }
    }

    /// <summary>The queues that have a trigger.</summary>
    public IReadOnlyCollection<string> TriggerQueues => _triggers.Keys;

    /// <summary>When set, a renewal of the hold on a message it matches fails with a 5xx (the host then stops).</summary>
    public Func<QueueMessage, bool>? RenewalFails { get; set; }

    /// <summary>When set, a delete by the host of a message it matches fails with a 5xx (the host then stops).</summary>
    public Func<QueueMessage, bool>? DeleteFails { get; set; }

    /// <summary>
    /// How long (real time) the emulator waits for invocations that neither finish nor wait in
    /// <see cref="DelayAsync"/> before it moves the clocks on anyway (code waiting for the app's own fake-time timers).
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Rounds in which the emulator gave up waiting for invocations (see <see cref="StallTimeout"/>).</summary>
    public int Stalls => _stalls;

    /// <summary>Rounds run (each at one instant of the fake clocks).</summary>
    public int Rounds => _rounds;

    /// <summary>Receives sent to the queue service.</summary>
    public int Receives => _receives;

    /// <summary>Invocations that returned normally (the message was deleted, or its delete failed).</summary>
    public int Succeeded => _succeeded;

    /// <summary>Invocations that threw, were cancelled, or whose worker crashed (released or poisoned).</summary>
    public int Failed => _failed;

    /// <summary>Invocations failed by a worker crash (counted in <see cref="Failed"/> too): every one in flight on that worker.</summary>
    public int Abandoned => _abandoned;

    /// <summary>Crashed invocations whose message was lost with them.</summary>
    public int Lost => _lost;

    /// <summary>Messages the host moved to a poison queue (after their retries, above the maximum, or undecodable).</summary>
    public int MovedToPoison => _movedToPoison;

    /// <summary>Messages that were not base64 and went to poison without an invocation.</summary>
    public int Undecodable => _undecodable;

    /// <summary>Renewals of a hold that succeeded.</summary>
    public int Renewals => _renewals;

    /// <summary>Renewals that failed with a 5xx (each stopped its host instance).</summary>
    public int RenewalsFailed => _renewalsFailed;

    /// <summary>Host deletes that failed with a 5xx (each stopped its host instance).</summary>
    public int DeletesFailed => _deletesFailed;

    /// <summary>Holds that ran out on the service clock before the host was done with the message.</summary>
    public int Lapsed => _service.Lapsed;

    /// <summary>Host instances stopped by an unhandled exception (a failed renewal, delete or release).</summary>
    public int InstancesStopped => _instancesStopped;

    /// <summary>Worker processes that crashed.</summary>
    public int WorkerCrashes => _workerCrashes;

    /// <summary>Invocations started per message id (what ran, whatever it ended with).</summary>
    public IReadOnlyDictionary<string, int> Starts => _starts;

    /// <summary>Whether the code calling this runs in an invocation whose worker process died.</summary>
    public static bool CurrentWorkerIsDead => CurrentInvocation.Value?.Worker.IsDead ?? false;

    /// <summary>Whether the host asked the current invocation to stop (its instance is shutting down).</summary>
    public static bool CurrentInvocationCancelledByHost => CurrentInvocation.Value?.Instance.Execution.IsCancellationRequested ?? false;

    /// <summary>The workers' fake time, seen from inside an invocation.</summary>
    public static DateTimeOffset? CurrentWorkerTime => CurrentInvocation.Value?.Emulator._workerTime.GetUtcNow();

    /// <summary>The emulator's id of the current invocation (0 outside one).</summary>
    public static int CurrentInvocationId => CurrentInvocation.Value?.Id ?? 0;

    /// <summary>Whether the current invocation's worker is still alive, asked later (a dead process has no effects).</summary>
    public static Func<bool> CurrentWorkerLiveness()
    {
        var worker = CurrentInvocation.Value?.Worker;
        return () => worker is null || !worker.IsDead;
    }

    /// <summary>
    /// Whether the host cut invocation <paramref name="invocationId"/>: failed it because its worker crashed, or
    /// saw it fail after its instance had asked it to stop. Either lets the alert run once more.
    /// </summary>
    public bool WasCut(int invocationId) => _cut.ContainsKey(invocationId);

    /// <summary>The id of the queue message of the current invocation, if inside one.</summary>
    public static string? CurrentMessageId => CurrentInvocation.Value?.Message?.MessageId;

    /// <summary>
    /// Called by code running inside an invocation: its worker process dies here. Every invocation in flight on that
    /// worker fails; the returned task never completes.
    /// </summary>
    public static Task<T> AbandonCurrentInvocation<T>() => Abandon<T>(loseMessage: false);

    /// <summary>As <see cref="AbandonCurrentInvocation{T}"/>, and the message that was running is lost with the worker.</summary>
    public static Task<T> AbandonAndLoseCurrentMessage<T>() => Abandon<T>(loseMessage: true);

    /// <summary>
    /// Waits <paramref name="duration"/> on the workers' fake clock from inside an invocation (a handler that takes
    /// time): the emulator moves the clocks on while every other invocation is done or waiting too.
    /// </summary>
    public static async Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var invocation = CurrentInvocation.Value ?? throw new InvalidOperationException("Not inside an emulated invocation.");
        var emulator = invocation.Emulator;
        invocation.WakeAt = emulator._workerTime.GetUtcNow() + duration;
        Interlocked.Increment(ref invocation.Waiting);
        emulator.Pulse();
        try
        {
            await Task.Delay(duration, emulator._workerTime, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref invocation.Waiting);
            invocation.WakeAt = null;
        }
    }

    /// <summary>Runs every trigger until nothing is in flight, nothing waits for a clock, and no queue has a visible message.</summary>
    public async Task RunUntilIdleAsync(int maxRounds = 20_000)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            await WaitQuietAsync();
            await RenewDueHoldsAsync();
            await _service.ReleaseDueAsync();
            ReplaceStoppedInstances();
            var busy = await FetchRoundAsync();
            ThrowIfFaulted();
            if (NextStep(busy) is not { } step)
            {
                return;
            }

            Advance(step);
        }

        throw new InvalidOperationException($"The queues were still busy after {maxRounds} rounds: a message is looping.");
    }

    /// <summary>Runs every trigger until the workers' clock has moved on by <paramref name="duration"/> (or all is idle).</summary>
    public async Task RunForAsync(TimeSpan duration)
    {
        var until = _workerTime.GetUtcNow() + duration;
        while (_workerTime.GetUtcNow() < until)
        {
            await WaitQuietAsync();
            await RenewDueHoldsAsync();
            await _service.ReleaseDueAsync();
            ReplaceStoppedInstances();
            var busy = await FetchRoundAsync();
            ThrowIfFaulted();
            var step = NextStep(busy) ?? until - _workerTime.GetUtcNow();
            Advance(step < until - _workerTime.GetUtcNow() ? step : until - _workerTime.GetUtcNow());
        }

        await WaitQuietAsync();
    }

    /// <summary>
    /// Shuts every host instance down as the host does (<c>QueueListener.StopAsync</c>): no more fetching, the
    /// executions' token cancelled, and the running invocations waited for (the clocks move on while they wait).
    /// </summary>
    public async Task StopAsync(int maxRounds = 20_000)
    {
        _shuttingDown = true;
        foreach (var instance in _instances)
        {
            Stop(instance, unhandled: false);
        }

        for (var round = 0; round < maxRounds; round++)
        {
            await WaitQuietAsync();
            await RenewDueHoldsAsync();
            await _service.ReleaseDueAsync();
            if (_inflight.IsEmpty)
            {
                return;
            }

            Advance(NextStep(busy: false) ?? MaxStepWhileRunning);
        }

        throw new InvalidOperationException($"Invocations were still running after {maxRounds} rounds of shutdown.");
    }

    private void ThrowIfFaulted()
    {
        if (!_emulatorFaults.IsEmpty)
        {
            throw new AggregateException("The emulated host failed.", _emulatorFaults);
        }
    }

    private static Task<T> Abandon<T>(bool loseMessage)
    {
        var invocation = CurrentInvocation.Value ?? throw new InvalidOperationException("Not inside an emulated invocation.");
        invocation.LoseMessage = loseMessage;
        invocation.Emulator.Crash(invocation.Instance, invocation.Worker);
        return new TaskCompletionSource<T>().Task;
    }

    private void Crash(Instance instance, Worker worker)
    {
        lock (instance)
        {
            if (instance.Worker == worker)
            {
                // The host starts a new worker process; invocations from now on run there.
                instance.Worker = new Worker(Interlocked.Increment(ref _nextWorkerId));
                Interlocked.Increment(ref _workerCrashes);
            }
        }

        worker.Died.TrySetResult();
    }

    private Instance NewInstance()
    {
        var instance = new Instance(Interlocked.Increment(ref _nextInstanceId), new Worker(Interlocked.Increment(ref _nextWorkerId)));
        foreach (var queue in _triggers.Keys)
        {
            instance.Listeners.Add(new Listener(instance, queue, _triggers[queue]));
        }

        return instance;
    }

    // An unhandled exception (a failed renewal, delete or release) reaches WebScriptHostExceptionHandler, which calls
    // StopApplication; the listeners stop as on any shutdown. The platform starts another instance in its place.
    private void Stop(Instance instance, bool unhandled)
    {
        lock (instance)
        {
            if (instance.Stopping)
            {
                return;
            }

            instance.Stopping = true;
        }

        if (unhandled)
        {
            Interlocked.Increment(ref _instancesStopped);
        }

        // Cancel without running the app's callbacks on this thread (it may be a renewal inside the round).
        _ = instance.Execution.CancelAsync();
    }

    // A stopping instance lingers until its invocations are done; the platform keeps the configured number of live
    // instances meanwhile, so a message whose hold lapsed on a stopping instance goes to another one.
    private void ReplaceStoppedInstances()
    {
        _instances.RemoveAll(i => i.Stopping && !_inflight.Keys.Any(inv => inv.Instance == i));
        while (!_shuttingDown && _instances.Count(i => !i.Stopping) < _instanceCount)
        {
            _instances.Add(NewInstance());
        }
    }

    // Waits until every invocation in flight is done or waiting for fake time; after StallTimeout without progress
    // the remaining ones are taken to wait for a fake-time timer of their own.
    private async Task WaitQuietAsync()
    {
        while (true)
        {
            var pulse = Volatile.Read(ref _pulse).Task;
            if (!_inflight.Keys.Any(inv => inv.Active) || !await PulsedAsync(pulse))
            {
                return;
            }
        }
    }

    private void Pulse() =>
        Interlocked.Exchange(ref _pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task<bool> PulsedAsync(Task pulse)
    {
        if (await Task.WhenAny(pulse, Task.Delay(StallTimeout)) == pulse)
        {
            return true;
        }

        Interlocked.Increment(ref _stalls);
        return false;
    }

    // One round of every live instance's listeners at the current time: fetch a batch, fetch again whenever the
    // invocations in flight drop to newBatchThreshold, until a receive comes back empty. Returns whether the round
    // received anything (a busy host polls again at once; what its invocations re-sent may be visible now).
    private async Task<bool> FetchRoundAsync()
    {
        Interlocked.Increment(ref _rounds);
        var received = 0;
        var listeners = _instances.Where(i => !i.Stopping).SelectMany(i => i.Listeners).ToList();
        foreach (var listener in listeners)
        {
            listener.Fetches = 0;
            listener.Drained = false;
        }

        while (true)
        {
            var pulse = Volatile.Read(ref _pulse).Task;
            var ready = listeners.Where(l => !l.Instance.Stopping && !l.Drained && l.Fetches < FetchesPerRound && l.InFlight <= _settings.NewBatchThreshold).ToList();
            if (ready.Count > 0)
            {
                received += (await Task.WhenAll(ready.Select(FetchAsync))).Sum();
                continue;
            }

            if (!_inflight.Keys.Any(inv => inv.Active) || !await PulsedAsync(pulse))
            {
                break;
            }
        }

        return received > 0;
    }

    private async Task<int> FetchAsync(Listener listener)
    {
        listener.Fetches++;
        Interlocked.Increment(ref _receives);
        var held = await _service.ReceiveAsync(listener.Queue, _settings.BatchSize, ReceiveHold);
        listener.Drained = held.Count == 0;
        foreach (var message in held)
        {
            var invocation = new Invocation(this, listener, message, _workerTime.GetUtcNow() + RenewalInterval);
            Interlocked.Increment(ref listener.InFlight);
            _inflight.TryAdd(invocation, 0);
            _ = RunAsync(invocation);
        }

        return held.Count;
    }

    // The next step of the clocks, or null when there is nothing left to wait for.
    private TimeSpan? NextStep(bool busy)
    {
        var now = _workerTime.GetUtcNow();
        var waits = new List<TimeSpan>();
        foreach (var invocation in _inflight.Keys)
        {
            if (invocation.Renewing)
            {
                waits.Add(invocation.NextRenewal - now);
            }

            if (invocation.WakeAt is { } wake)
            {
                waits.Add(wake - now);
            }
        }

        if (_service.NextDue is { } due)
        {
            waits.Add(due - _service.ServiceTime.GetUtcNow());
        }

        if (busy)
        {
            waits.Add(BusyStep);
        }

        if (waits.Count == 0)
        {
            return _inflight.IsEmpty ? null : MaxStepWhileRunning;
        }

        var step = waits.Min();
        step = step < BusyStep ? BusyStep : step;
        return !_inflight.IsEmpty && step > MaxStepWhileRunning ? MaxStepWhileRunning : step;
    }

    private void Advance(TimeSpan step)
    {
        _workerTime.Advance(step);
        if (!ReferenceEquals(_service.ServiceTime, _workerTime))
        {
            _service.ServiceTime.Advance(step);
        }
    }

    // UpdateQueueMessageVisibilityCommand.ExecuteAsync, run by the host while the function runs.
    private async Task RenewDueHoldsAsync()
    {
        var now = _workerTime.GetUtcNow();
        foreach (var invocation in _inflight.Keys.Where(i => i.Renewing && i.NextRenewal <= now).ToList())
        {
            if (RenewalFails?.Invoke(invocation.Message!) == true)
            {
                // A 5xx falls through to `throw`: the timer ends, the host stops; the invocation runs on.
                Interlocked.Increment(ref _renewalsFailed);
                invocation.Renewing = false;
                Stop(invocation.Instance, unhandled: true);
                continue;
            }

            try
            {
                await _service.UpdateAsync(invocation.Listener.Queue, invocation.Held, ReceiveHold, renewal: true);
                Interlocked.Increment(ref _renewals);
                invocation.NextRenewal = now + RenewalInterval;
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // Ownership lost (received again, or gone): no point renewing again.
                invocation.Renewing = false;
            }
        }
    }

    // QueueListener.ProcessMessageAsync with QueueProcessor's Begin/CompleteProcessingMessageAsync.
    private async Task RunAsync(Invocation invocation)
    {
        var queue = invocation.Listener.Queue;
        try
        {
            if (!TryDecode(invocation.Held.Message, out var message))
            {
                // The host's MessageDecodingFailed handler: the raw text to poison, no invocation.
                var poison = _raw.GetQueueClient(queue + AlertPartitions.PoisonSuffix);
                await poison.CreateIfNotExistsAsync();
                await poison.SendMessageAsync(invocation.Held.Message.Body);
                await DeleteAsync(invocation, invocation.Held.Message);
                Interlocked.Increment(ref _undecodable);
                Interlocked.Increment(ref _movedToPoison);
                return;
            }

            invocation.Message = message;
            if (message.DequeueCount > _settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(invocation, message);
                return;
            }

            _starts.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
            invocation.Renewing = true; // the renewal timer starts with the execution
            var run = Invoke(invocation, message);
            var ended = await Task.WhenAny(run, invocation.Worker.Died.Task);
            invocation.Renewing = false;
            if (ended != run)
            {
                // GrpcWorkerChannel.TryFailExecutions: the invocation fails with the worker.
                Interlocked.Increment(ref _abandoned);
                _cut.TryAdd(invocation.Id, 0);
                if (invocation.LoseMessage)
                {
                    Interlocked.Increment(ref _lost);
                    await _service.DeleteAsync(queue, invocation.Held);
                    return;
                }

                await FailAsync(invocation, message);
                return;
            }

            try
            {
                await run;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (invocation.Instance.Execution.IsCancellationRequested)
                {
                    _cut.TryAdd(invocation.Id, 0);
                }

                await FailAsync(invocation, message);
                return;
            }

            Interlocked.Increment(ref _succeeded);
            await DeleteAsync(invocation, message);
        }
        catch (RequestFailedException)
        {
            // Unhandled in QueueListener.ProcessMessageAsync: the exception handler stops this host instance. The
            // message stays held until its hold lapses.
            Stop(invocation.Instance, unhandled: true);
        }
        catch (Exception ex)
        {
            // Not something the host would meet: a fault of the emulator, reported by the run.
            _emulatorFaults.Enqueue(ex);
        }
        finally
        {
            invocation.Renewing = false;
            Interlocked.Decrement(ref invocation.Listener.InFlight);
            _inflight.TryRemove(invocation, out _);
            Pulse();
        }
    }

    private static Task Invoke(Invocation invocation, QueueMessage message)
    {
        CurrentInvocation.Value = invocation;
        try
        {
            return invocation.Listener.Trigger(message, invocation.Instance.Execution.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Task.FromException(ex);
        }
        finally
        {
            CurrentInvocation.Value = null;
        }
    }

    // QueueProcessor.CompleteProcessingMessageAsync for a failed result.
    private async Task FailAsync(Invocation invocation, QueueMessage message)
    {
        Interlocked.Increment(ref _failed);
        if (message.DequeueCount >= _settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(invocation, message);
            return;
        }

        try
        {
            await _service.UpdateAsync(invocation.Listener.Queue, invocation.Held, _settings.VisibilityTimeout, renewal: false);
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            // QueueProcessor.ReleaseMessageAsync: someone else took it over, or it is gone.
        }
    }

    // QueueProcessor.HandlePoisonMessageAsync: copy only the body (default time to live), then delete the original.
    private async Task MoveToPoisonAsync(Invocation invocation, QueueMessage message)
    {
        var poison = _queues.GetQueueClient(invocation.Listener.Queue + AlertPartitions.PoisonSuffix);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(message.Body);
        Interlocked.Increment(ref _movedToPoison);
        await DeleteAsync(invocation, message);
    }

    // QueueProcessor.DeleteMessageAsync: a pop-receipt mismatch or a missing message is ignored, a 5xx is not.
    private async Task DeleteAsync(Invocation invocation, QueueMessage message)
    {
        if (DeleteFails?.Invoke(message) == true)
        {
            Interlocked.Increment(ref _deletesFailed);
            throw new RequestFailedException(503, "Injected host delete failure.");
        }

        try
        {
            await _service.DeleteAsync(invocation.Listener.Queue, invocation.Held);
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
        }
    }

    private static bool TryDecode(QueueMessage received, out QueueMessage decoded)
    {
        var text = received.Body.ToString();
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            decoded = received;
            return false;
        }

        decoded = QueuesModelFactory.QueueMessage(
            received.MessageId, received.PopReceipt, new BinaryData(bytes.AsMemory(0, length)), received.DequeueCount,
            received.NextVisibleOn, received.InsertedOn, received.ExpiresOn);
        return true;
    }

    private static Dictionary<string, Func<QueueMessage, CancellationToken, Task>> DiscoverTriggers(object functions)
    {
        var triggers = new Dictionary<string, Func<QueueMessage, CancellationToken, Task>>(StringComparer.Ordinal);
        foreach (var method in functions.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is null
                || method.GetParameters().FirstOrDefault()?.GetCustomAttribute<QueueTriggerAttribute>() is not { } trigger)
            {
                continue;
            }

            triggers.Add(trigger.QueueName, (message, cancellationToken) =>
                (Task)method.Invoke(functions, [message, cancellationToken])!);
        }

        return triggers;
    }

    /// <summary>A worker process: it dies once, failing every invocation it runs.</summary>
    private sealed class Worker(int id)
    {
        public int Id { get; } = id;

        public TaskCompletionSource Died { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsDead => Died.Task.IsCompleted;
    }

    /// <summary>A host instance: one listener per trigger, one worker at a time.</summary>
    private sealed class Instance(int id, Worker worker)
    {
        public int Id { get; } = id;

        public Worker Worker { get; set; } = worker;

        public CancellationTokenSource Execution { get; } = new();

        public bool Stopping { get; set; }

        public List<Listener> Listeners { get; } = [];
    }

    private sealed class Listener(Instance instance, string queue, Func<QueueMessage, CancellationToken, Task> trigger)
    {
        public int InFlight;

        public Instance Instance { get; } = instance;

        public string Queue { get; } = queue;

        public Func<QueueMessage, CancellationToken, Task> Trigger { get; } = trigger;

        public int Fetches { get; set; }

        public bool Drained { get; set; }
    }

    private sealed class Invocation(QueueHostEmulator emulator, Listener listener, EmulatorQueueService.Held held, DateTimeOffset nextRenewal)
    {
        public int Waiting;

        public QueueHostEmulator Emulator { get; } = emulator;

        public int Id { get; } = Interlocked.Increment(ref emulator._nextInvocationId);

        public Listener Listener { get; } = listener;

        public Instance Instance { get; } = listener.Instance;

        // The worker it was sent to, fixed at its start.
        public Worker Worker { get; } = listener.Instance.Worker;

        public EmulatorQueueService.Held Held { get; } = held;

        public QueueMessage? Message { get; set; }

        public DateTimeOffset NextRenewal { get; set; } = nextRenewal;

        public volatile bool Renewing;

        public DateTimeOffset? WakeAt { get; set; }

        public bool LoseMessage { get; set; }

        // Waiting for fake time, unless its worker died: then the host has its release to do at this very time.
        public bool Active => Volatile.Read(ref Waiting) == 0 || Worker.IsDead;
    }
}
