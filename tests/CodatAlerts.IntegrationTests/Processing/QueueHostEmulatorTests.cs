using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Testing.Azurite;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>The emulated host's own fidelity, where the app's tests lean on it.</summary>
[Collection("Azurite")]
public sealed class QueueHostEmulatorTests(AzuriteFixture azurite)
{
    private const string QueueName = "emulator-top-up";

    [Fact]
    public async Task A_batch_is_topped_up_while_its_last_newBatchThreshold_invocations_still_run()
    {
        // Arrange: host.json's batch (16) holds newBatchThreshold (8) invocations that wait, and 8 that finish at once;
        // a second batch of 16 waits in the queue. The held ones are released only when all 24 others have finished,
        // so a host that fetched again only after a whole batch ended would never get there.
        var settings = HostQueueSettings.Load();
        var held = settings.NewBatchThreshold;
        var quick = settings.BatchSize - held + settings.BatchSize;
        var queue = new QueueClient(azurite.ConnectionString, QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();
        foreach (var text in Enumerable.Repeat("hold", held).Concat(Enumerable.Repeat("quick", quick)))
        {
            await queue.SendMessageAsync(text);
        }

        var functions = new GatedFunctions(quick);
        var host = new QueueHostEmulator(azurite.ConnectionString, functions, new FakeTimeProvider(), settings);

        // Act (the time-out only turns a host without top-up into a failure instead of a hang)
        await host.RunUntilIdleAsync().WaitAsync(TimeSpan.FromMinutes(2));

        // Assert: every quick invocation, those of the second batch included, ran while all held ones were running.
        Assert.Equal(held + quick, host.Succeeded);
        Assert.Equal(quick, functions.HeldRunningAtQuickStarts.Count);
        Assert.All(functions.HeldRunningAtQuickStarts, running => Assert.Equal(held, running));
    }

    /// <summary>A function class as the host reads it: "hold" messages wait for the gate, "quick" ones open it last.</summary>
    public sealed class GatedFunctions(int quickToRelease)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _heldRunning;
        private int _quickDone;

        public ConcurrentBag<int> HeldRunningAtQuickStarts { get; } = [];

        [Function("TopUp")]
        public async Task Run([QueueTrigger(QueueName)] QueueMessage message, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (message.MessageText == "hold")
            {
                Interlocked.Increment(ref _heldRunning);
                await _gate.Task.WaitAsync(cancellationToken);
                Interlocked.Decrement(ref _heldRunning);
                return;
            }

            HeldRunningAtQuickStarts.Add(Volatile.Read(ref _heldRunning));
            if (Interlocked.Increment(ref _quickDone) == quickToRelease)
            {
                _gate.TrySetResult();
            }
        }
    }
}
