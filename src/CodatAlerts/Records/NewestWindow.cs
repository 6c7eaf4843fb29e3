using System.Globalization;
using Azure.Storage.Blobs;

namespace CodatAlerts.Records;

/// <summary>
/// The index entries of one newest-first page. The blob index answers in name order only, so the receipt-time range
/// is read in windows walking backwards from the newest end: each window is read whole (the receipt time comes back
/// with each entry in its matched tag, so no record is read to sort it), sorted newest first here, and the walk stops
/// once a page is full. Windows start at <see cref="FirstWindow"/> and double while they come back short; a window
/// with more entries than one index page is halved from its newest end and read again.
/// </summary>
/// <remarks>
/// Cost: at most <see cref="MaxIndexCalls"/> Find Blobs by Tags calls per page (a busy hour usually takes one; an
/// empty month about ten), then one Get Blob Properties per entry answered (at most <c>limit</c>). When the budget
/// runs out before the page is full, the page ends short with a continuation that starts where the walk stopped.
/// </remarks>
public sealed class NewestWindow
{
    /// <summary>Index calls one page may make.</summary>
    public const int MaxIndexCalls = 12;

    /// <summary>The first window read below the newest end.</summary>
    public static readonly TimeSpan FirstWindow = TimeSpan.FromHours(1);

    /// <summary>How far back a walk without <c>since</c> goes (past the records' 30-day retention).</summary>
    public static readonly TimeSpan MaxLookback = TimeSpan.FromDays(35);

    // Below this a window is no longer halved: it is read page by page however many entries it holds.
    private static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    private NewestWindow(IReadOnlyList<Entry> entries, NewestCursor? next, int indexCalls) =>
        (Entries, Next, IndexCalls) = (entries, next, indexCalls);

    /// <summary>The entries of the page, newest first (ties by name).</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>Where the next page starts; null when the range is exhausted.</summary>
    public NewestCursor? Next { get; }

    /// <summary>Find Blobs by Tags calls made.</summary>
    public int IndexCalls { get; }

    /// <summary>Reads the entries of the page that follows <paramref name="cursor"/> (or the first page).</summary>
    public static async Task<NewestWindow> ReadAsync(BlobContainerClient container, RecordListRequest request, NewestCursor? cursor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(request);
        var floor = request.Since ?? now - MaxLookback;

        // Exclusive upper bound; a receipt stamped by a worker whose clock runs ahead is still in range.
        var hi = request.Until ?? now.AddHours(1);
        if (cursor is not null && cursor.At.AddTicks(1) < hi)
        {
            hi = cursor.At.AddTicks(1);
        }

        var taken = new List<Entry>();
        var size = FirstWindow;
        var calls = 0;
        while (hi > floor && calls < MaxIndexCalls)
        {
            var lo = hi - floor <= size ? floor : hi - size;
            var (entries, complete, used) = await FindAsync(container, request with { Since = lo, Until = hi }, hi - lo <= MinWindow, cancellationToken);
            calls += used;
            if (!complete)
            {
                size = (hi - lo) / 2; // Too many for one page: read the newer half first.
                continue;
            }

            var fresh = entries
                .Where(e => cursor is null || e.At != cursor.At || string.CompareOrdinal(e.Name, cursor.LastName) > 0)
                .OrderByDescending(e => e.At)
                .ThenBy(e => e.Name, StringComparer.Ordinal);
            foreach (var entry in fresh)
            {
                taken.Add(entry);
                if (taken.Count == request.Max)
                {
                    return new NewestWindow(taken, new NewestCursor(entry.At, entry.Name), calls);
                }
            }

            hi = lo;
            size *= 2;
        }

        // Ended between windows: everything from hi up was answered.
        return new NewestWindow(taken, hi > floor ? new NewestCursor(hi.AddTicks(-1), string.Empty) : null, calls);
    }

    private static async Task<(List<Entry> Entries, bool Complete, int Calls)> FindAsync(BlobContainerClient container, RecordListRequest window, bool readAll, CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        var calls = 0;
        await foreach (var page in container.FindBlobsByTagsAsync(RecordListQuery.For(window), cancellationToken).AsPages(null, RecordListQuery.MaxPageSize))
        {
            calls++;
            foreach (var item in page.Values)
            {
                if (ReceivedAt(item.Tags) is { } at)
                {
                    entries.Add(new Entry(item.BlobName, at));
                }
            }

            if (string.IsNullOrEmpty(page.ContinuationToken))
            {
                return (entries, true, calls);
            }

            if (!readAll)
            {
                return (entries, false, calls);
            }
        }

        return (entries, true, calls);
    }

    // Every indexed tag ends with the receipt time (AlertRecordTags), the plain "received" one is nothing else.
    private static DateTimeOffset? ReceivedAt(IDictionary<string, string>? tags)
    {
        foreach (var value in tags?.Values ?? [])
        {
            var time = value[(value.LastIndexOf('/') + 1)..];
            if (DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>One index entry: a record's blob name and its receipt time.</summary>
    public sealed record Entry(string Name, DateTimeOffset At);
}
