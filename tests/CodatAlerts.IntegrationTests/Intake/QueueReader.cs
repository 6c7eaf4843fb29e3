using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;

namespace CodatAlerts.IntegrationTests.Intake;

/// <summary>Reads what the intake put on the partition queues, decoding as the queue trigger does (base64).</summary>
internal static class QueueReader
{
    public static QueueServiceClient Client(string connectionString) =>
        new(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Takes every message off every partition queue, with the queue it was on.</summary>
    public static async Task<List<(string Queue, AlertEnvelope Envelope)>> DrainAsync(string connectionString)
    {
        var service = Client(connectionString);
        var drained = new List<(string, AlertEnvelope)>();
        foreach (var name in AlertPartitions.QueueNames)
        {
            var queue = service.GetQueueClient(name);
            if (!await queue.ExistsAsync())
            {
                continue;
            }

            while (true)
            {
                QueueMessage[] batch = await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5));
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    drained.Add((name, AlertEnvelopeSerializer.Deserialize(message.Body.ToMemory().Span)));
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }

        return drained;
    }
}
