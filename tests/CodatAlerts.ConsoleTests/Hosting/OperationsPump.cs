using Azure.Storage.Queues;
using CodatAlerts.Operations.Background;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>
/// The host's queue listener for <c>operator-operations</c>, in the background while the console tests run: each
/// message goes to the app's <see cref="OperatorOperationRunner"/>, is deleted when the run returns and comes back
/// after its visibility when it throws, as <c>RunOperatorOperation</c> would be run by the host.
/// </summary>
internal sealed class OperationsPump : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private OperationsPump(OperatorOperationRunner runner, QueueClient queue)
    {
        _loop = Task.Run(() => RunAsync(runner, queue, _stop.Token));
    }

    /// <summary>Messages run to the end (deleted).</summary>
    public int Completed { get; private set; }

    public static async Task<OperationsPump> StartAsync(IServiceProvider services, string connectionString)
    {
        var queue = new QueueClient(connectionString, OperationMessages.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        return new OperationsPump(services.GetRequiredService<OperatorOperationRunner>(), queue);
    }

    private async Task RunAsync(OperatorOperationRunner runner, QueueClient queue, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(5), stop)).Value;
                if (message is null)
                {
                    await Task.Delay(Poll, stop);
                    continue;
                }

                try
                {
                    await runner.RunAsync(message.Body.ToString(), message.DequeueCount, stop);
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    continue; // Left for its next visibility, as the host leaves it.
                }

                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                Completed++;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
