using System.Collections.Concurrent;
using System.Reflection;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Drives queue-trigger functions against real Azurite the way the Functions host's queue listener does:
/// <list type="bullet">
/// <item>Receives raw messages and decodes them by the host's rule (<c>messageEncoding: base64</c>): a message that is
/// not base64 goes to <c>&lt;queue&gt;-poison</c> as it is, without an invocation (the host's
/// <c>MessageDecodingFailed</c> handler in <c>QueueServiceClientProvider</c> calls <c>HandlePoisonMessageAsync</c>).</item>
/// <item>Fetches <c>batchSize</c> messages and fetches again whenever the running invocations drop to
/// <c>newBatchThreshold</c>, as the listener tops its batches up.</item>
/// <item>Deletes a message on success; on an exception makes it visible again after <c>visibilityTimeout</c>, or, once
/// <c>DequeueCount</c> reaches <c>maxDequeueCount</c>, copies only its body to <c>-poison</c> (storage's default
/// time to live) and deletes it; a message received above the maximum goes to poison without an invocation.</item>
/// <item>A crashed worker (<see cref="AbandonCurrentInvocation{T}"/>) is a failed invocation, as the host sees an
/// isolated worker die: the message is released after <c>visibilityTimeout</c> and the attempt counts toward poison.
/// Its code never resumes.</item>
/// </list>
/// The triggers are discovered from the function class's attributes, as the host reads them from <c>functions.metadata</c>.
/// </summary>
/// <remarks>
/// Time is never waited for: the fake clock, which also drives the leases (the harness makes it the storage
/// service's clock), moves on by <see cref="PollInterval"/> after every pass that received something, so a run spans
/// as much fake time as its passes; delays the app asks of the queue are zero in tests.
/// </remarks>
internal sealed class QueueHostEmulator
{
    /// <summary>The fake time one pass over the queues stands for.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long the host keeps a received message invisible while its function runs (renewed while alive).</summary>
    public static readonly TimeSpan ReceiveHold = TimeSpan.FromMinutes(10);

    private static readonly AsyncLocal<Invocation?> CurrentInvocation = new();

    private readonly QueueServiceClient _queues;
    private readonly QueueServiceClient _raw;
    private readonly FakeTimeProvider _time;
    private readonly HostQueueSettings _settings;
    private readonly Dictionary<string, Func<QueueMessage, CancellationToken, Task>> _triggers;
    private readonly ConcurrentDictionary<string, int> _starts = new(StringComparer.Ordinal);

    private int _succeeded;
    private int _failed;
    private int _abandoned;
    private int _lost;
    private int _movedToPoison;
    private int _undecodable;

    public QueueHostEmulator(string connectionString, object functions, FakeTimeProvider time, HostQueueSettings settings)
    {
        _queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        _raw = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        _time = time;
        _settings = settings;
        _triggers = DiscoverTriggers(functions);
    }

    /// <summary>The queues that have a trigger.</summary>
    public IReadOnlyCollection<string> TriggerQueues => _triggers.Keys;

    /// <summary>Invocations that returned normally (the message was deleted).</summary>
    public int Succeeded => _succeeded;

    /// <summary>Invocations that threw or whose worker crashed (the message was released or poisoned).</summary>
    public int Failed => _failed;

    /// <summary>Invocations whose worker "crashed" (counted in <see cref="Failed"/> too).</summary>
    public int Abandoned => _abandoned;

    /// <summary>Crashed invocations whose message was lost with them.</summary>
    public int Lost => _lost;

    /// <summary>Messages the host moved to a poison queue (after their retries, or undecodable).</summary>
    public int MovedToPoison => _movedToPoison;

    /// <summary>Messages that were not base64 and went to poison without an invocation.</summary>
    public int Undecodable => _undecodable;

    /// <summary>Invocations started per message id (what ran, whatever it ended with).</summary>
    public IReadOnlyDictionary<string, int> Starts => _starts;

    /// <summary>
    /// Called by code running inside an invocation: the worker dies here. The host sees a failed invocation; the
    /// returned task never completes.
    /// </summary>
    public static Task<T> AbandonCurrentInvocation<T>() => Abandon<T>(loseMessage: false);

    /// <summary>As <see cref="AbandonCurrentInvocation{T}"/>, and the message that was running is lost with the worker.</summary>
    public static Task<T> AbandonAndLoseCurrentMessage<T>() => Abandon<T>(loseMessage: true);

    /// <summary>
    /// Runs every trigger until a pass over all queues receives nothing. In each pass every queue is drained by its
    /// own listener loop at once, as the host polls each function on its own.
    /// </summary>
    public async Task RunUntilIdleAsync(int maxPasses = 10_000)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var received = await Task.WhenAll(_triggers.Select(t => RunListenerAsync(t.Key, t.Value)));
            if (received.Sum() == 0)
            {
                return;
            }

            _time.Advance(PollInterval);
        }

        throw new InvalidOperationException($"The queues were still busy after {maxPasses} passes: a message is looping.");
    }

    private static Task<T> Abandon<T>(bool loseMessage)
    {
        var invocation = CurrentInvocation.Value ?? throw new InvalidOperationException("Not inside an emulated invocation.");
        invocation.Crashed.TrySetResult(loseMessage);
        return new TaskCompletionSource<T>().Task;
    }

    // One listener loop: fetch batchSize, and fetch again each time the running invocations drop to newBatchThreshold.
    // A pass fetches at most FetchesPerPass times, so messages re-sent at once (zero delays in tests) wait for the
    // next pass and its later fake time, as they would wait for their delay.
    private async Task<int> RunListenerAsync(string queueName, Func<QueueMessage, CancellationToken, Task> trigger)
    {
        const int FetchesPerPass = 4;
        var raw = _raw.GetQueueClient(queueName);
        var running = new List<Task>();
        var received = 0;
        for (var fetch = 0; ; fetch++)
        {
            var messages = fetch < FetchesPerPass ? (await raw.ReceiveMessagesAsync(_settings.BatchSize, ReceiveHold)).Value : [];
            received += messages.Length;
            running.AddRange(messages.Select(message => InvokeAsync(queueName, trigger, message)));
            if (messages.Length == 0 && running.Count == 0)
            {
                return received;
            }

            while (running.Count > (messages.Length == 0 ? 0 : _settings.NewBatchThreshold))
            {
                running.Remove(await Task.WhenAny(running));
            }

            if (messages.Length == 0)
            {
                return received;
            }
        }
    }

    private async Task InvokeAsync(string queueName, Func<QueueMessage, CancellationToken, Task> trigger, QueueMessage received)
    {
        var queue = _queues.GetQueueClient(queueName);
        if (!TryDecode(received, out var message))
        {
            // The host's MessageDecodingFailed handler: the raw text to poison, no invocation.
            var poison = _raw.GetQueueClient(queueName + AlertPartitions.PoisonSuffix);
            await poison.CreateIfNotExistsAsync();
            await poison.SendMessageAsync(received.Body);
            await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
            Interlocked.Increment(ref _undecodable);
            Interlocked.Increment(ref _movedToPoison);
            return;
        }

        if (message.DequeueCount > _settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, message);
            return;
        }

        _starts.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
        var invocation = new Invocation();
        CurrentInvocation.Value = invocation;
        Task run;
        try
        {
            run = trigger(message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            run = Task.FromException(ex);
        }

        if (await Task.WhenAny(run, invocation.Crashed.Task) == invocation.Crashed.Task)
        {
            Interlocked.Increment(ref _abandoned);
            if (await invocation.Crashed.Task)
            {
                Interlocked.Increment(ref _lost);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                return;
            }

            await FailAsync(queue, message);
            return;
        }

        try
        {
            await run;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await FailAsync(queue, message);
            return;
        }

        Interlocked.Increment(ref _succeeded);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    private async Task FailAsync(QueueClient queue, QueueMessage message)
    {
        Interlocked.Increment(ref _failed);
        if (message.DequeueCount >= _settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, message);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _settings.VisibilityTimeout);
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

    private async Task MoveToPoisonAsync(QueueClient queue, QueueMessage message)
    {
        // The host's QueueProcessor copies only the body to a new message (default time to live), then deletes the original.
        var poison = _queues.GetQueueClient(queue.Name + AlertPartitions.PoisonSuffix);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(message.Body);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        Interlocked.Increment(ref _movedToPoison);
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

    private sealed class Invocation
    {
        // Completed with whether the message was lost with the worker.
        public TaskCompletionSource<bool> Crashed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
