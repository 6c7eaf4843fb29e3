using System.Reflection;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Drives queue-trigger functions against real Azurite the way the Functions host's <c>QueueProcessor</c> does:
/// receive a batch, invoke the function, delete the message on success; on an exception make it visible again after
/// <c>visibilityTimeout</c>, or, once <c>DequeueCount</c> reaches <c>maxDequeueCount</c>, copy only its body to
/// <c>&lt;queue&gt;-poison</c> and delete it; a message received with a dequeue count above the maximum goes to poison
/// without an invocation. The triggers are discovered from the function class's attributes, as the host reads them
/// from <c>functions.metadata</c>.
/// </summary>
/// <remarks>
/// Time is never waited for. Retries use the configured visibility timeout (zero in tests). A crashed worker
/// (<see cref="AbandonCurrentInvocation{T}"/>) leaves its message locked for the host's receive hold; once the batch is
/// over the emulator moves the fake clock past that hold and makes the message visible, which is what the passing
/// of that time would do.
/// </remarks>
internal sealed class QueueHostEmulator
{
    /// <summary>How long the host keeps a received message invisible while its function runs (renewed while alive).</summary>
    public static readonly TimeSpan ReceiveHold = TimeSpan.FromMinutes(10);

    private static readonly AsyncLocal<TaskCompletionSource?> CurrentInvocation = new();

    private readonly QueueServiceClient _queues;
    private readonly FakeTimeProvider _time;
    private readonly HostQueueSettings _settings;
    private readonly Dictionary<string, Func<QueueMessage, CancellationToken, Task>> _triggers;

    public QueueHostEmulator(QueueServiceClient queues, object functions, FakeTimeProvider time, HostQueueSettings settings)
    {
        _queues = queues;
        _time = time;
        _settings = settings;
        _triggers = DiscoverTriggers(functions);
    }

    /// <summary>The queues that have a trigger.</summary>
    public IReadOnlyCollection<string> TriggerQueues => _triggers.Keys;

    private int _succeeded;
    private int _failed;
    private int _abandoned;
    private int _movedToPoison;

    /// <summary>Invocations that returned normally (the message was deleted).</summary>
    public int Succeeded => _succeeded;

    /// <summary>Invocations that threw (the message was released or poisoned).</summary>
    public int Failed => _failed;

    /// <summary>Invocations whose worker "crashed".</summary>
    public int Abandoned => _abandoned;

    /// <summary>Messages the host moved to a poison queue.</summary>
    public int MovedToPoison => _movedToPoison;

    /// <summary>
    /// Called by code running inside an invocation: the worker dies here. The emulator stops waiting for the
    /// invocation (it neither deletes nor releases the message) and the returned task never completes.
    /// </summary>
    public static Task<T> AbandonCurrentInvocation<T>()
    {
        var invocation = CurrentInvocation.Value ?? throw new InvalidOperationException("Not inside an emulated invocation.");
        invocation.TrySetResult();
        return new TaskCompletionSource<T>().Task;
    }

    /// <summary>
    /// Runs every trigger until a pass over all queues receives nothing. In each pass every queue's batch runs at
    /// once, as the host polls each function on its own; crashed messages are dealt with after the pass, when no
    /// invocation is in flight, so moving the clock cannot cut a live dispatch short.
    /// </summary>
    public async Task RunUntilIdleAsync(int maxPasses = 10_000)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var batches = await Task.WhenAll(_triggers.Select(t => RunBatchAsync(_queues.GetQueueClient(t.Key), t.Value)));
            if (batches.Sum(b => b.Received) == 0)
            {
                return;
            }

            var crashed = batches.SelectMany(b => b.Crashed.Select(message => (b.Queue, message))).ToList();
            if (crashed.Count > 0)
            {
                _time.Advance(ReceiveHold);
                foreach (var (queue, message) in crashed)
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                }
            }
        }

        throw new InvalidOperationException($"The queues were still busy after {maxPasses} passes: a message is looping.");
    }

    private async Task<BatchResult> RunBatchAsync(QueueClient queue, Func<QueueMessage, CancellationToken, Task> trigger)
    {
        QueueMessage[] batch = (await queue.ReceiveMessagesAsync(_settings.BatchSize, ReceiveHold)).Value;
        var results = await Task.WhenAll(batch.Select(message => InvokeAsync(queue, trigger, message)));
        return new BatchResult(queue, batch.Length, [.. batch.Where((_, i) => results[i] == InvocationResult.Abandoned)]);
    }

    private async Task<InvocationResult> InvokeAsync(QueueClient queue, Func<QueueMessage, CancellationToken, Task> trigger, QueueMessage message)
    {
        if (message.DequeueCount > _settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, message);
            return InvocationResult.Failed;
        }

        var abandoned = new TaskCompletionSource();
        CurrentInvocation.Value = abandoned;
        Task invocation;
        try
        {
            invocation = trigger(message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            invocation = Task.FromException(ex);
        }

        if (await Task.WhenAny(invocation, abandoned.Task) == abandoned.Task)
        {
            Interlocked.Increment(ref _abandoned);
            return InvocationResult.Abandoned;
        }

        try
        {
            await invocation;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
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

            return InvocationResult.Failed;
        }

        Interlocked.Increment(ref _succeeded);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return InvocationResult.Succeeded;
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueMessage message)
    {
        // The host's QueueProcessor copies only the body to a new message, then deletes the original.
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

    private sealed record BatchResult(QueueClient Queue, int Received, IReadOnlyList<QueueMessage> Crashed);

    private enum InvocationResult
    {
        Succeeded,
        Failed,
        Abandoned,
    }
}
