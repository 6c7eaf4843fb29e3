namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// The sender's concurrency (<c>--concurrency</c>): at most this many requests in flight. A slot is held for one
/// attempt only, never across a retry wait, so alerts waiting to be retried do not hold back new ones (Codat keeps
/// sending new alerts while it retries others).
/// </summary>
internal sealed class RequestSlots(int concurrency) : IDisposable
{
    private readonly SemaphoreSlim _free = new(concurrency, concurrency);

    /// <summary>Requests in flight now.</summary>
    public int InUse => concurrency - _free.CurrentCount;

    /// <summary>Waits for a free slot; dispose the slot when the attempt is over.</summary>
    public async Task<RequestSlot> TakeAsync(CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken);
        return new RequestSlot(_free);
    }

    public void Dispose() => _free.Dispose();
}

/// <summary>One taken slot; disposing it gives it back, once.</summary>
internal sealed class RequestSlot(SemaphoreSlim free) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            free.Release();
        }
    }
}
