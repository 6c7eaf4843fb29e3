using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Fails chosen queue requests before they reach Azurite, as an outage of that one call would: armed with the HTTP
/// method and a queue name, it throws for the next <c>count</c> matching requests and lets everything else through.
/// </summary>
internal sealed class QueueFaults : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<Fault> _armed = new();
    private int _injected;

    /// <summary>How many requests were failed.</summary>
    public int Injected => _injected;

    /// <summary>Fails the next <paramref name="count"/> <paramref name="method"/> requests to <paramref name="queueName"/>'s messages.</summary>
    public void FailNext(RequestMethod method, string queueName, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _armed.Enqueue(new Fault(method, $"/{queueName}/messages"));
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfArmed(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfArmed(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void ThrowIfArmed(HttpMessage message)
    {
        if (_armed.TryPeek(out var fault)
            && message.Request.Method == fault.Method
            && message.Request.Uri.Path.Contains(fault.Path, StringComparison.Ordinal)
            && _armed.TryDequeue(out _))
        {
            Interlocked.Increment(ref _injected);
            throw new RequestFailedException(503, "Injected queue fault.");
        }
    }

    private sealed record Fault(RequestMethod Method, string Path);
}
