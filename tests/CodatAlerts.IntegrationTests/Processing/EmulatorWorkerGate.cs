using Azure.Core;
using Azure.Core.Pipeline;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// A dead worker sends nothing: a storage request made by code of an invocation whose worker process the emulated
/// host saw die never completes (the emulator cannot stop that code, but its process would be gone). Install it on
/// the app's blob and queue clients, per retry, so the code of every invocation the crash failed stops at its next
/// storage call, as it would with its process.
/// </summary>
internal sealed class EmulatorWorkerGate : HttpPipelinePolicy
{
    private int _stopped;

    /// <summary>Requests that code of a dead worker tried to send.</summary>
    public int Stopped => _stopped;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (QueueHostEmulator.CurrentWorkerIsDead)
        {
            Interlocked.Increment(ref _stopped);
            throw new InvalidOperationException("The worker process of this invocation is dead.");
        }

        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (QueueHostEmulator.CurrentWorkerIsDead)
        {
            Interlocked.Increment(ref _stopped);
            await new TaskCompletionSource().Task; // never: the process is gone
        }

        await ProcessNextAsync(message, pipeline);
    }
}
