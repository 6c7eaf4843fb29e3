using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// The queue service's visibility on the storage service's own fake clock. Azurite keeps the messages (real storage
/// semantics: bodies, ids, <c>DequeueCount</c> raised on every receive, pop receipts, deletes) but counts visibility in
/// real time, so a 10-minute hold or a 30-second re-send delay would either never pass or pass in real minutes. Every
/// message that must be invisible for a while is therefore kept invisible in Azurite with a long real timeout
/// (<see cref="RealHold"/>), and this class makes it visible (an update to zero, which does not count a dequeue) when
/// <see cref="ServiceTime"/> reaches its time.
/// <list type="bullet">
/// <item>The emulated host receives, renews, releases and deletes through it, so a holder's pop receipt stays valid
/// after its hold lapsed until the message is received again, as with the real service, and fails with
/// <c>PopReceiptMismatch</c> after that.</item>
/// <item>The app's own delayed sends reach it through <see cref="EmulatorDelayedSends"/>.</item>
/// </list>
/// </summary>
internal sealed class EmulatorQueueService
{
    /// <summary>How long a message waiting for fake time stays invisible in Azurite: longer than any test runs.</summary>
    public static readonly TimeSpan RealHold = TimeSpan.FromHours(2);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly QueueServiceClient _raw;

    public EmulatorQueueService(string connectionString, FakeTimeProvider serviceTime)
    {
        _raw = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        ServiceTime = serviceTime;
    }

    /// <summary>The storage service's clock (distinct from the workers' clock unless a test passes the same one).</summary>
    public FakeTimeProvider ServiceTime { get; }

    private int _lapsed;

    /// <summary>Holds of the host that ran out before the host renewed, released or deleted the message.</summary>
    public int Lapsed => _lapsed;

    /// <summary>The earliest service time at which a waiting message becomes visible, if any waits.</summary>
    public DateTimeOffset? NextDue =>
        _entries.Values.Select(e => e.VisibleAt).Where(t => t is not null).Min();

    /// <summary>Messages waiting for the service clock (held or delayed).</summary>
    public int Waiting => _entries.Values.Count(e => e.VisibleAt is not null);

    /// <summary>Receives up to <paramref name="count"/> visible messages and holds them for <paramref name="hold"/> of service time.</summary>
    public async Task<IReadOnlyList<Held>> ReceiveAsync(string queueName, int count, TimeSpan hold)
    {
        var messages = (await _raw.GetQueueClient(queueName).ReceiveMessagesAsync(count, RealHold)).Value;
        var held = new List<Held>(messages.Length);
        foreach (var message in messages)
        {
            var entry = _entries.GetOrAdd(Key(queueName, message.MessageId), _ => new Entry(queueName, message.MessageId));
            await entry.Lock.WaitAsync();
            try
            {
                // A new dequeue: every earlier pop receipt of this message is void from now on.
                entry.Generation++;
                entry.PopReceipt = message.PopReceipt;
                entry.VisibleAt = ServiceTime.GetUtcNow() + hold;
                entry.HeldByHost = true;
                held.Add(new Held(message, entry.Generation));
            }
            finally
            {
                entry.Lock.Release();
            }
        }

        return held;
    }

    /// <summary>
    /// Sets a held message's visibility to <paramref name="visibility"/> of service time from now: a renewal of the
    /// host's hold (<paramref name="renewal"/>) or a release after a failure.
    /// </summary>
    /// <exception cref="RequestFailedException">400 <c>PopReceiptMismatch</c> when the message was received again since; 404 when it is gone.</exception>
    public async Task UpdateAsync(string queueName, Held held, TimeSpan visibility, bool renewal)
    {
        var entry = await EnterAsync(queueName, held);
        try
        {
            var receipt = (await _raw.GetQueueClient(queueName).UpdateMessageAsync(
                held.Message.MessageId, entry.PopReceipt, visibilityTimeout: visibility == TimeSpan.Zero ? TimeSpan.Zero : RealHold)).Value;
            entry.PopReceipt = receipt.PopReceipt;
            entry.VisibleAt = visibility == TimeSpan.Zero ? null : ServiceTime.GetUtcNow() + visibility;
            entry.HeldByHost = renewal;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Deletes a held message.</summary>
    /// <exception cref="RequestFailedException">As <see cref="UpdateAsync"/>.</exception>
    public async Task DeleteAsync(string queueName, Held held)
    {
        var entry = await EnterAsync(queueName, held);
        try
        {
            await _raw.GetQueueClient(queueName).DeleteMessageAsync(held.Message.MessageId, entry.PopReceipt);
            _entries.TryRemove(Key(queueName, held.Message.MessageId), out _);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Registers a message the app sent with a delay (kept invisible in Azurite by <see cref="EmulatorDelayedSends"/>).</summary>
    public void Delayed(string queueName, string messageId, string popReceipt, TimeSpan delay)
    {
        var entry = new Entry(queueName, messageId) { PopReceipt = popReceipt, VisibleAt = ServiceTime.GetUtcNow() + delay };
        _entries[Key(queueName, messageId)] = entry;
    }

    /// <summary>Makes visible every message whose hold or delay has ended on the service clock.</summary>
    public async Task ReleaseDueAsync()
    {
        var now = ServiceTime.GetUtcNow();
        foreach (var entry in _entries.Values.Where(e => e.VisibleAt <= now).ToList())
        {
            await entry.Lock.WaitAsync();
            try
            {
                if (entry.VisibleAt is not { } due || due > now)
                {
                    continue;
                }

                try
                {
                    var receipt = (await _raw.GetQueueClient(entry.Queue).UpdateMessageAsync(entry.MessageId, entry.PopReceipt, visibilityTimeout: TimeSpan.Zero)).Value;
                    // The holder's receipt stays usable until the next receive, as with the real service: the
                    // entry keeps the generation and only learns the new receipt.
                    entry.PopReceipt = receipt.PopReceipt;
                    entry.VisibleAt = null;
                    if (entry.HeldByHost)
                    {
                        entry.HeldByHost = false;
                        Interlocked.Increment(ref _lapsed);
                    }
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    _entries.TryRemove(Key(entry.Queue, entry.MessageId), out _);
                }
            }
            finally
            {
                entry.Lock.Release();
            }
        }
    }

    private async Task<Entry> EnterAsync(string queueName, Held held)
    {
        if (!_entries.TryGetValue(Key(queueName, held.Message.MessageId), out var entry))
        {
            throw new RequestFailedException(404, "The specified message does not exist.", QueueErrorCode.MessageNotFound.ToString(), null);
        }

        await entry.Lock.WaitAsync();
        if (entry.Generation != held.Generation)
        {
            entry.Lock.Release();
            throw new RequestFailedException(400, "The specified pop receipt did not match the pop receipt for a dequeued message.", QueueErrorCode.PopReceiptMismatch.ToString(), null);
        }

        return entry;
    }

    private static string Key(string queueName, string messageId) => queueName + "/" + messageId;

    /// <summary>A received message and the dequeue it belongs to.</summary>
    public sealed record Held(QueueMessage Message, int Generation);

    private sealed class Entry(string queue, string messageId)
    {
        public string Queue { get; } = queue;

        public string MessageId { get; } = messageId;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public int Generation { get; set; }

        public string PopReceipt { get; set; } = "";

        public DateTimeOffset? VisibleAt { get; set; }

        public bool HeldByHost { get; set; }
    }
}
