using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Replay;

/// <summary>
/// Ends the hold a poison-queue scan put on the messages it received but did not delete, so they are visible again at
/// once instead of when the scan's visibility timeout runs out (shared by the replay and the host-poison sweep).
/// </summary>
internal static class PoisonScanHold
{
    /// <summary>Makes every message in <paramref name="held"/> visible again; a failure only delays one until its hold ends.</summary>
    public static async Task ReleaseAsync(QueueClient poison, IEnumerable<QueueMessage> held, ILogger logger)
    {
        foreach (var message in held)
        {
            try
            {
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            }
            catch (RequestFailedException ex)
            {
                ReplayLog.RestoreFailed(logger, ex, message.MessageId, poison.Name);
            }
        }
    }
}
