using System.Collections.Concurrent;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>
/// The handlers behind the dispatcher, scripted by the alert's dedup key: <c>…retry…</c> fails transiently on its
/// first attempt, <c>…poison…</c> fails permanently, <c>…fails-once…</c> fails permanently on its first attempt only
/// (poisoned, then handled when replayed), everything else is handled. Counts handler starts per key.
/// </summary>
internal sealed class ScriptedHandlers : IAlertDispatcher
{
    private readonly ConcurrentDictionary<string, int> _starts = new(StringComparer.Ordinal);

    public int Starts(string dedupKey) => _starts.GetValueOrDefault(dedupKey);

    public Task<DispatchOutcome> DispatchAsync(AlertEnvelope envelope, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var start = _starts.AddOrUpdate(envelope.DedupKey, 1, (_, n) => n + 1);
        if (envelope.DedupKey.Contains("poison", StringComparison.Ordinal))
        {
            throw new PermanentAlertException("The payload cannot be handled: <script>window.__pwned = 'reason'</script>");
        }

        if (envelope.DedupKey.Contains("fails-once", StringComparison.Ordinal) && start == 1)
        {
            throw new PermanentAlertException("The payload cannot be handled yet: <script>window.__pwned = 'reason'</script>");
        }

        if (envelope.DedupKey.Contains("retry", StringComparison.Ordinal) && start == 1)
        {
            throw new TimeoutException("The downstream service timed out (scripted first attempt).");
        }

        return Task.FromResult(DispatchOutcome.Handled);
    }
}
