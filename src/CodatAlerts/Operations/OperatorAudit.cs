using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CodatAlerts.Records;
using CodatAlerts.Storage;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Operations;

/// <summary>
/// The operator audit trail: container <see cref="Container"/>, one append blob per UTC day (<c>yyyy/MM/dd.jsonl</c>),
/// one JSON line per entry. An action's <c>requested</c> line is written <em>before</em> the action starts and the
/// action is refused when it cannot be (an unaudited action never runs); its result line follows, best effort. No API
/// edits or deletes a line; in Azure the container's time-based immutability policy (protected append writes allowed)
/// keeps anyone else from doing so.
/// </summary>
/// <remarks>Costs: a line is 1 Append Block (+ 1 Create for the day's first). Reading is 1 Get Blob per day read.</remarks>
public sealed class OperatorAudit(BlobServiceClient blobs, TimeProvider time, ILogger<OperatorAudit> logger)
{
    /// <summary>The container (infra creates it with its immutability policy).</summary>
    public const string Container = "operator-audit";

    /// <summary>Days one read may cover.</summary>
    public const int MaxDays = 31;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(Container);

    /// <summary>The blob of the day of <paramref name="at"/>.</summary>
    public static string BlobName(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture) + ".jsonl";

    /// <summary>A new entry stamped now, result <c>requested</c>.</summary>
    public AuditEntry Request(Operators.OperatorIdentity caller, string action, string? target, string? filter, string? operationId = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new AuditEntry(Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), time.GetUtcNow(), caller.Name, caller.ObjectId, caller.Method, action, target, filter, operationId, "requested");
    }

    /// <summary>Writes the entry; false (logged) when storage failed, so the caller can refuse the unaudited action.</summary>
    public async Task<bool> TryWriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(entry, OperationsJsonContext.Default.AuditEntry);
            Array.Resize(ref line, line.Length + 1);
            line[^1] = (byte)'\n';
            await AppendBlobLines.AppendAsync(_container, _container.GetAppendBlobClient(BlobName(entry.At)), line, cancellationToken);
            return true;
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            OperationsLog.AuditFailed(logger, ex, entry.Action, entry.Actor, entry.Result);
            return false;
        }
    }

    /// <summary>The entries from <paramref name="since"/> up to <paramref name="until"/>, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<(RecordStatus Status, IReadOnlyList<AuditEntry> Entries)> ReadAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        try
        {
            // Day by day backwards, so a page of the newest entries reads only the days it needs.
            for (var day = until.UtcDateTime.Date; day >= since.UtcDateTime.Date && entries.Count < limit; day = day.AddDays(-1))
            {
                var name = BlobName(new DateTimeOffset(day, TimeSpan.Zero));
                var lines = await ReadDayAsync(name, cancellationToken);
                // Later lines first on equal times (a result line follows its request in the file).
                entries.AddRange(Enumerable.Reverse(lines).Where(e => e.At >= since && e.At < until).OrderByDescending(e => e.At));
            }
        }
        catch (Exception ex) when (StorageFailure.Is(ex, cancellationToken))
        {
            return (RecordStatus.Unavailable, []);
        }

        return (RecordStatus.Ok, [.. entries.Take(limit)]);
    }

    /// <summary>The <c>GET /api/audit</c> body.</summary>
    public static string ToJson(IReadOnlyList<AuditEntry> entries) =>
        JsonSerializer.Serialize(new AuditPage(entries), OperationsJsonContext.Default.AuditPage);

    private async Task<List<AuditEntry>> ReadDayAsync(string name, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound || ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return []; // No action that day.
        }

        var entries = new List<AuditEntry>();
        var number = 0;
        foreach (var line in Encoding.UTF8.GetString(content.ToMemory().Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            number++;
            try
            {
                if (JsonSerializer.Deserialize(line, OperationsJsonContext.Default.AuditEntry) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                OperationsLog.UnreadableLine(logger, number, name);
            }
        }

        return entries;
    }
}
