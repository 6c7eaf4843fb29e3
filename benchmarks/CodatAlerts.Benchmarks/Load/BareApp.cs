using System.Net;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// The floor: a bare app of the same shape as codat-alerts. Its HTTP function enqueues the raw body to one of eight
/// queues (chosen by client) and answers 202; its queue function does nothing.
/// </summary>
internal sealed class BareApp
{
    private readonly QueueClient[] _queues;
    private readonly Dictionary<string, int> _queueOfClient;

    public BareApp(QueueServiceClient service, IReadOnlyList<string> clientIds)
    {
        _queues = [.. Enumerable.Range(0, 8).Select(i => service.GetQueueClient($"bare-{i:00}"))];
        _queueOfClient = clientIds.Select((id, i) => (id, i)).ToDictionary(c => c.id, c => c.i % 8, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<QueueClient> Queues => _queues;

    public async Task CreateQueuesAsync()
    {
        foreach (var queue in _queues)
        {
            await queue.CreateIfNotExistsAsync();
        }
    }

    public async Task<HttpResponseData> ReceiveAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        var body = await BinaryData.FromStreamAsync(request.Body, cancellationToken);
        var client = request.Headers.TryGetValues("X-Codat-ClientId", out var values) ? values.First() : string.Empty;
        await _queues[_queueOfClient.GetValueOrDefault(client)].SendMessageAsync(body, null, TimeSpan.FromSeconds(-1), cancellationToken);
        return request.CreateResponse(HttpStatusCode.Accepted);
    }

    public static Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
