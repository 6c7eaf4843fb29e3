using System.Runtime.ExceptionServices;

namespace CodatAlerts.Simulator.Load;

/// <summary>
/// The deliveries a run has started and not yet finished (in flight or waiting for a retry), capped so a run whose
/// receiver fails everything cannot grow without bound: past the cap, new alerts wait. Also lets the run wait for
/// all of them and surfaces the first unexpected failure.
/// </summary>
internal sealed class AlertsInProgress(int capacity) : IDisposable
{
    private readonly SemaphoreSlim _room = new(capacity, capacity);
    private readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Starts at one: the producer's own hold, let go by WhenAllFinishedAsync, so the count cannot reach zero early.
    private int _active = 1;
    private ExceptionDispatchInfo? _firstFailure;

    /// <summary>Waits until there is room for one more delivery.</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken) => _room.WaitAsync(cancellationToken);

    /// <summary>Tracks a delivery started after <see cref="WaitForRoomAsync"/>.</summary>
    public void Track(Task delivery)
    {
        Interlocked.Increment(ref _active);
        _ = ObserveAsync(delivery);
    }

    /// <summary>Waits for every tracked delivery; rethrows the first one that failed.</summary>
    public async Task WhenAllFinishedAsync()
    {
        Finished();
        await _allFinished.Task;
        _firstFailure?.Throw();
    }

    public void Dispose() => _room.Dispose();

    private async Task ObserveAsync(Task delivery)
    {
        try
        {
            await delivery;
        }
#pragma warning disable CA1031 // Any failure is kept and rethrown by WhenAllFinishedAsync; a fire-and-forget task must not lose it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _firstFailure, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            _room.Release();
            Finished();
        }
    }

    private void Finished()
    {
        if (Interlocked.Decrement(ref _active) == 0)
        {
            _allFinished.TrySetResult();
        }
    }
}
