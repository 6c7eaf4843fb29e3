using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// What the Functions host's queue listener does for a worker, reduced to its requests: on each of the eight queues,
/// receive a batch, invoke the function for every message at once, delete each message whose invocation returned.
/// Both the app and the bare path are drained by this same loop, so its cost falls equally on both.
/// </summary>
internal static class QueueDrain
{
    // host.json's batchSize: what one instance takes from one queue at a time.
    private const int BatchSize = 16;

    /// <summary>Runs until <paramref name="expected"/> invocations succeeded; returns how many failed (and were retried).</summary>
    public static async Task<int> DrainAsync(IReadOnlyList<QueueClient> queues, Func<int, QueueMessage, CancellationToken, Task> invoke, int expected)
    {
        var done = 0;
        var failures = 0;
        await Task.WhenAll(queues.Select((queue, index) => Task.Run(async () =>
        {
            while (Volatile.Read(ref done) < expected)
            {
                QueueMessage[] batch = (await queue.ReceiveMessagesAsync(BatchSize, TimeSpan.FromMinutes(5))).Value;
                if (batch.Length == 0)
                {
                    await Task.Delay(20);
                    continue;
                }

                await Task.WhenAll(batch.Select(async message =>
                {
                    try
                    {
                        await invoke(index, message, CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // As the host does: the message comes back for another attempt (at once here).
                        Interlocked.Increment(ref failures);
                        await ReleaseAsync(queue, message);
                        return;
                    }

                    try
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                    catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == "PopReceiptMismatch")
                    {
                        // A retried delete whose first try did succeed (its response was slower than the try time-out).
                    }

                    Interlocked.Increment(ref done);
                }));
            }
        })));
        return failures;
    }

    private static async Task ReleaseAsync(QueueClient queue, QueueMessage message)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        catch (RequestFailedException)
        {
            // Its receive hold ran out or a retried update already took effect: either way the message comes back. A
            // throw here would end this queue's loop and leave the run waiting for its messages for ever.
        }
    }
}
