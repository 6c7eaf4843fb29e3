using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Loses the answers of chosen blob writes: the request reaches Azurite and is applied, then the client sees a broken
/// connection, as after a timeout, and its retry policy sends the same write again, which the service refuses
/// (409/412) because the first one landed. Armed with a test of the request; every other request passes.
/// </summary>
internal sealed class BlobAnswerFaults : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<Func<Request, bool>> _armed = new();
    private int _lost;

    /// <summary>How many answers were lost.</summary>
    public int Lost => _lost;

    /// <summary>Loses the answer of the next metadata write (a claim takeover, a renewal or a closing write).</summary>
    public void LoseNextMetadataWrite() => _armed.Enqueue(r => r.Method == RequestMethod.Put && r.Uri.Query.Contains("comp=metadata", StringComparison.Ordinal));

    /// <summary>Loses the answer of the next blob upload (a first claim).</summary>
    public void LoseNextUpload() => _armed.Enqueue(r => r.Method == RequestMethod.Put && !r.Uri.Query.Contains("comp=", StringComparison.Ordinal) && !r.Uri.Query.Contains("restype=", StringComparison.Ordinal));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        ThrowIfArmed(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        ThrowIfArmed(message);
    }

    private void ThrowIfArmed(HttpMessage message)
    {
        if (!message.Response.IsError && _armed.TryPeek(out var match) && match(message.Request) && _armed.TryDequeue(out _))
        {
            Interlocked.Increment(ref _lost);
            throw new IOException("Injected: the write landed but its answer was lost.");
        }
    }
}
