using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing;

/// <summary>
/// Keeps a claim's lease alive while its handlers run, and tells them to stop (<see cref="Token"/>) as soon as the
/// lease can no longer be trusted: the claim was lost, or renewals failed until only <see cref="ProcessingOptions.LeaseSafetyMargin"/>
/// of the last renewed lease is left. That deadline runs on this worker's clock from before the last renewal that
/// landed was sent, so it ends before the lease the storage service stamped, whatever the skew. Nothing else may
/// take the alert while the lease holds (takeover is judged on the service's clock), so the handlers never run in two
/// places at once whatever the host does with the message's own hold. Renewal stops once the handlers are told to
/// stop or <see cref="ProcessingOptions.DispatchTimeout"/> has passed: a handler that ignores its token is not kept
/// alive by the lease.
/// </summary>
internal sealed class ClaimLease : IAsyncDisposable
{
    private readonly AlertRecordStore _records;
    private readonly AlertClaim _claim;
    private readonly ProcessingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _dispatchStarted;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private int _lost;

    private ClaimLease(AlertRecordStore records, AlertClaim claim, ProcessingOptions options, TimeProvider time, ILogger logger)
    {
        _records = records;
        _claim = claim;
        _options = options;
        _time = time;
        _logger = logger;
        _dispatchStarted = time.GetTimestamp();
        _deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        ArmDeadline();
        _renewing = RenewUntilStoppedAsync();
    }

    /// <summary>Cancelled when the handlers must stop because the lease can no longer be trusted.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>Whether a renewal found the claim taken by another invocation.</summary>
    public bool Lost => Volatile.Read(ref _lost) == 1;

    /// <summary>Starts renewing <paramref name="claim"/>.</summary>
    public static ClaimLease Start(AlertRecordStore records, AlertClaim claim, ProcessingOptions options, TimeProvider time, ILogger logger) =>
        new(records, claim, options, time, logger);

    /// <summary>Stops renewing and waits for a renewal in flight, so the claim's version is settled for the closing write.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        _deadline.Dispose();
    }

    private async Task RenewUntilStoppedAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_options.LeaseRenewalInterval, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_deadline.IsCancellationRequested || _time.GetElapsedTime(_dispatchStarted) >= _options.DispatchTimeout)
            {
                return; // The handlers are told to stop: the lease is not extended for them.
            }

            try
            {
                // Never cancelled midway: a renewal that lands unseen would leave the claim's version stale.
                if (!await _records.RenewAsync(_claim, CancellationToken.None))
                {
                    Volatile.Write(ref _lost, 1);
                    ProcessingLog.ClaimLostWhileRunning(_logger);
                    await _deadline.CancelAsync();
                    return;
                }

                ArmDeadline();
            }
#pragma warning disable CA1031 // A failed renewal is tried again; the deadline from the last one that landed still holds.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ProcessingLog.RenewalFailed(_logger, ex, _claim.LeaseUntil);
            }
        }
    }

    private void ArmDeadline()
    {
        var left = _options.LeaseDuration - _options.LeaseSafetyMargin - _time.GetElapsedTime(_claim.LeaseTimestamp);
        try
        {
            _deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        catch (ObjectDisposedException)
        {
            // Disposed after the handlers ended: nothing left to cancel.
        }
    }
}
