using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Testing.Azurite;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// The emulated host does what the real one does (each behaviour is named by its source file in
/// <see cref="QueueHostEmulator"/>), shown on plain functions so the app's own logic plays no part.
/// </summary>
[Collection("Azurite")]
public sealed class EmulatorFidelityTests(AzuriteFixture azurite)
{
    private static readonly HostQueueSettings Settings = HostQueueSettings.Load();

    [Fact]
    public async Task A_long_invocation_keeps_its_message_by_renewing_the_ten_minute_hold_every_five_minutes()
    {
        // Arrange
        var (host, functions) = await StartAsync((_, token) => QueueHostEmulator.DelayAsync(TimeSpan.FromMinutes(12), token));
        await SendAsync(EmulatedFunctions.QueueA, "long");

        // Act
        await host.RunUntilIdleAsync();

        // Assert: renewed at 5 and 10 minutes; never visible to anyone else.
        Assert.Equal((2, 0), (host.Renewals, host.Lapsed));
        Assert.Single(functions.Calls);
        Assert.Equal(1, host.Succeeded);
        Assert.Equal(0, await CountAsync(EmulatedFunctions.QueueA));
    }

    [Fact]
    public async Task A_renewal_that_fails_stops_the_host_and_the_message_runs_again_elsewhere_while_the_first_invocation_still_runs()
    {
        // Arrange: the first invocation runs 15 minutes and ignores its token; the renewal at 5 minutes fails (5xx).
        var cancelled = false;
        var (host, functions) = await StartAsync(async (call, token) =>
        {
            if (call.DequeueCount == 1)
            {
                await QueueHostEmulator.DelayAsync(TimeSpan.FromMinutes(15), CancellationToken.None);
                cancelled = token.IsCancellationRequested;
            }
        });
        var failures = 0;
        host.RenewalFails = _ => Interlocked.Increment(ref failures) == 1;
        await SendAsync(EmulatedFunctions.QueueA, "renewal fails");

        // Act
        await host.RunUntilIdleAsync();

        // Assert: the hold lapsed 10 minutes after the receive; the second dequeue started before the first ended.
        var calls = functions.Calls.ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal((1, 1, 1), (host.RenewalsFailed, host.InstancesStopped, host.Lapsed));
        Assert.Equal(2, calls[1].DequeueCount);
        Assert.Equal(calls[0].MessageId, calls[1].MessageId);
        Assert.InRange(calls[1].StartedAt - calls[0].StartedAt, QueueHostEmulator.ReceiveHold, QueueHostEmulator.ReceiveHold + QueueHostEmulator.BusyStep);
        Assert.True(cancelled, "The stopping host cancels the invocation's token; the invocation decides whether to stop.");
        Assert.Equal(2, host.Succeeded); // the first one's delete meets a newer pop receipt, which the host ignores
        Assert.Equal(0, await CountAsync(EmulatedFunctions.QueueA));
    }

    [Fact]
    public async Task A_failed_invocation_comes_back_after_visibilityTimeout_and_goes_to_poison_at_maxDequeueCount()
    {
        // Arrange
        var (host, functions) = await StartAsync((_, _) => throw new InvalidOperationException("always"));
        await SendAsync(EmulatedFunctions.QueueA, "always fails");

        // Act
        await host.RunUntilIdleAsync();

        // Assert
        var calls = functions.Calls.ToList();
        Assert.Equal(Enumerable.Range(1, Settings.MaxDequeueCount).Select(n => (long)n), calls.Select(c => c.DequeueCount));
        Assert.All(calls.Zip(calls.Skip(1)), pair =>
            Assert.InRange(pair.Second.StartedAt - pair.First.StartedAt, Settings.VisibilityTimeout, Settings.VisibilityTimeout + QueueHostEmulator.BusyStep));
        Assert.Equal(1, host.MovedToPoison);
        var poisoned = Assert.Single((await Queue(EmulatedFunctions.QueueA + "-poison").PeekMessagesAsync(32)).Value);
        Assert.Equal("always fails", poisoned.Body.ToString());
    }

    [Fact]
    public async Task A_worker_crash_fails_every_invocation_in_flight_on_that_worker_whatever_its_function()
    {
        // Arrange: one instance; two invocations of function A wait 2 minutes, B's crashes its worker after 1 minute.
        var (host, functions) = await StartAsync(async (call, token) =>
        {
            if (call.DequeueCount > 1)
            {
                return;
            }

            await QueueHostEmulator.DelayAsync(TimeSpan.FromMinutes(call.Text == "crash" ? 1 : 2), token);
            if (call.Text == "crash")
            {
                await QueueHostEmulator.AbandonCurrentInvocation<bool>();
            }
        }, instances: 1);
        await SendAsync(EmulatedFunctions.QueueA, "wait");
        await SendAsync(EmulatedFunctions.QueueA, "wait");
        await SendAsync(EmulatedFunctions.QueueB, "crash");

        // Act
        await host.RunUntilIdleAsync();

        // Assert: all three failed with the worker, each dequeue counted, all released after visibilityTimeout.
        Assert.Equal((1, 3), (host.WorkerCrashes, host.Abandoned));
        var again = functions.Calls.Where(c => c.DequeueCount == 2).ToList();
        Assert.Equal(3, again.Count);
        Assert.All(again, c => Assert.Equal(ProcessingHarness.Start + TimeSpan.FromMinutes(1) + Settings.VisibilityTimeout, c.StartedAt));
        Assert.Equal(3, host.Succeeded);
    }

    [Fact]
    public async Task A_host_delete_that_fails_stops_the_host_and_the_message_comes_back_when_its_hold_lapses()
    {
        // Arrange
        var (host, functions) = await StartAsync((_, _) => Task.CompletedTask);
        var failures = 0;
        host.DeleteFails = _ => Interlocked.Increment(ref failures) == 1;
        await SendAsync(EmulatedFunctions.QueueA, "delete fails");

        // Act
        await host.RunUntilIdleAsync();

        // Assert
        var calls = functions.Calls.ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal((1, 1, 1), (host.DeletesFailed, host.InstancesStopped, host.Lapsed));
        Assert.Equal(2, calls[1].DequeueCount);
        Assert.Equal(QueueHostEmulator.ReceiveHold, calls[1].StartedAt - calls[0].StartedAt);
        Assert.Equal(0, await CountAsync(EmulatedFunctions.QueueA));
    }

    [Fact]
    public async Task A_poison_move_whose_delete_fails_leaves_the_original_to_be_poisoned_a_second_time()
    {
        // Arrange
        var (host, functions) = await StartAsync((_, _) => throw new InvalidOperationException("always"));
        var failures = 0;
        host.DeleteFails = m => m.DequeueCount == Settings.MaxDequeueCount && Interlocked.Increment(ref failures) == 1;
        await SendAsync(EmulatedFunctions.QueueA, "poison twice");

        // Act
        await host.RunUntilIdleAsync();

        // Assert: the back copy is received above the maximum and poisoned without an invocation.
        Assert.Equal(Settings.MaxDequeueCount, functions.Calls.Count);
        Assert.Equal(2, host.MovedToPoison);
        Assert.Equal(2, (await Queue(EmulatedFunctions.QueueA + "-poison").PeekMessagesAsync(32)).Value.Length);
        Assert.Equal(0, await CountAsync(EmulatedFunctions.QueueA));
    }

    [Fact]
    public async Task Shutdown_cancels_the_running_invocations_and_their_messages_come_back_after_visibilityTimeout()
    {
        // Arrange
        var service = new EmulatorQueueService(azurite.ConnectionString, new FakeTimeProvider(ProcessingHarness.Start));
        var time = new FakeTimeProvider(ProcessingHarness.Start);
        var observed = new ConcurrentQueue<bool>();
        var functions = new EmulatedFunctions(async (call, token) =>
        {
            if (call.DequeueCount == 1)
            {
                try
                {
                    await QueueHostEmulator.DelayAsync(TimeSpan.FromMinutes(30), token);
                }
                catch (OperationCanceledException)
                {
                    observed.Enqueue(true);
                    throw;
                }
            }
        }, time);
        await ClearAsync();
        await SendAsync(EmulatedFunctions.QueueA, "long");
        var host = new QueueHostEmulator(azurite.ConnectionString, functions, Settings, time, service, instances: 1);
        await host.RunForAsync(TimeSpan.FromMinutes(1));

        // Act
        await host.StopAsync();

        // Assert: cancelled, failed, released; a host started later runs it once the back-off has passed.
        Assert.Single(observed);
        Assert.Equal(1, host.Failed);
        Assert.Equal(1, await CountAsync(EmulatedFunctions.QueueA));
        var next = new QueueHostEmulator(azurite.ConnectionString, functions, Settings, time, service, instances: 1);
        await next.RunUntilIdleAsync();
        Assert.Equal(2, functions.Calls.Last().DequeueCount);
        Assert.Equal(0, await CountAsync(EmulatedFunctions.QueueA));
    }

    private async Task<(QueueHostEmulator Host, EmulatedFunctions Functions)> StartAsync(Func<Call, CancellationToken, Task> behaviour, int instances = 2)
    {
        await ClearAsync();
        var workerTime = new FakeTimeProvider(ProcessingHarness.Start);
        var service = new EmulatorQueueService(azurite.ConnectionString, new FakeTimeProvider(ProcessingHarness.Start));
        var functions = new EmulatedFunctions(behaviour, workerTime);
        return (new QueueHostEmulator(azurite.ConnectionString, functions, Settings, workerTime, service, instances), functions);
    }

    private async Task ClearAsync()
    {
        foreach (var name in new[] { EmulatedFunctions.QueueA, EmulatedFunctions.QueueB })
        {
            foreach (var queue in new[] { Queue(name), Queue(name + "-poison") })
            {
                await queue.CreateIfNotExistsAsync();
                await queue.ClearMessagesAsync();
            }
        }
    }

    private async Task SendAsync(string queueName, string text) => await Queue(queueName).SendMessageAsync(text);

    private async Task<int> CountAsync(string queueName) => (await Queue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    private QueueClient Queue(string name) =>
        new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>One start of a function, as the function saw it.</summary>
    internal sealed record Call(string Queue, string Text, string MessageId, long DequeueCount, DateTimeOffset StartedAt);

    /// <summary>Two queue functions as the host reads them, both running <c>behaviour</c>, every start recorded.</summary>
    internal sealed class EmulatedFunctions(Func<Call, CancellationToken, Task> behaviour, TimeProvider time)
    {
        public const string QueueA = "emulator-fidelity-a";
        public const string QueueB = "emulator-fidelity-b";

        public ConcurrentQueue<Call> Calls { get; } = new();

        [Function("EmulatorA")]
        public Task RunA([QueueTrigger(QueueA)] QueueMessage message, CancellationToken cancellationToken) => Run(QueueA, message, cancellationToken);

        [Function("EmulatorB")]
        public Task RunB([QueueTrigger(QueueB)] QueueMessage message, CancellationToken cancellationToken) => Run(QueueB, message, cancellationToken);

        private Task Run(string queue, QueueMessage message, CancellationToken cancellationToken)
        {
            var call = new Call(queue, message.MessageText, message.MessageId, message.DequeueCount, time.GetUtcNow());
            Calls.Enqueue(call);
            return behaviour(call, cancellationToken);
        }
    }
}
