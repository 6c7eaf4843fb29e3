using System.Diagnostics.Tracing;

namespace CodatAlerts.Tests.Performance;

/// <summary>
/// The largest buffer rented from any <see cref="System.Buffers.ArrayPool{T}"/> on the thread that created this
/// listener, from the runtime's own <c>ArrayPoolEventSource</c>. A pooled copy of a body allocates nothing once the pool
/// is warm, so <see cref="GC.GetAllocatedBytesForCurrentThread"/> cannot see it; its rental can be seen here.
/// </summary>
internal sealed class ArrayPoolRentals : EventListener
{
    // Field initialisers run before the base constructor, which already reports the existing event sources.
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private int _largest;

    /// <summary>The size of the largest buffer rented on the creating thread since it was created.</summary>
    public int Largest => Volatile.Read(ref _largest);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Buffers.ArrayPoolEventSource")
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // BufferRented(bufferId, bufferSize, poolId, bucketId), written synchronously on the renting thread.
        if (eventData.EventName == "BufferRented" && Environment.CurrentManagedThreadId == _threadId
            && eventData.Payload is [_, int size, ..] && size > _largest)
        {
            Volatile.Write(ref _largest, size);
        }
    }
}
