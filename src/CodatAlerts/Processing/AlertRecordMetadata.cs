using System.Globalization;
using System.Text;
using Azure;

namespace CodatAlerts.Processing;

/// <summary>
/// The metadata of a record blob: its state machine plus enough about the alert to read it in Storage Explorer.
/// Metadata travels as HTTP headers, so free text (rule types, reasons) is percent-encoded to stay ASCII.
/// </summary>
/// <remarks>
/// Azure allows 8 KiB for all names and values of a blob together (Azurite does not check). Every free-text value is
/// cut to <see cref="MaxTextBytes"/> bytes <em>after</em> encoding, on a character boundary, so a non-ASCII reason (up
/// to 12 encoded bytes per character) cannot push a record write over the limit: at most <see cref="TextKeys"/> such
/// values plus the fixed ones stay below <see cref="MaxTotalBytes"/>, which a unit test checks at the worst case.
/// </remarks>
internal static class AlertRecordMetadata
{
    public const string State = "state";
    public const string LeaseFor = "leasefor";
    public const string Attempts = "attempts";
    public const string Owner = "owner";
    public const string OwnerDequeue = "ownerdequeue";
    public const string RuleType = "ruletype";
    public const string Partition = "partition";
    public const string ReceivedAt = "receivedat";
    public const string ClientId = "clientid";
    public const string ClientIdSource = "clientidsource";
    public const string DedupKey = "dedupkey";
    public const string Outcome = "outcome";
    public const string Reason = "reason";
    public const string LastError = "lasterror";
    public const string FirstFailedAt = "firstfailedat";
    public const string UpdatedAt = "updatedat";

    // For the alert inspector (src/CodatAlerts/Records): how Codat delivered the copy that made the last claim, and
    // that copy's ingestion id (earlier claimants and absorbed duplicates are only in the logs).
    public const string Delivery = "delivery";
    public const string IngestionId = "ingestionid";

    /// <summary>The trace id of the last claimed copy (from its envelope's traceparent): where its telemetry is.</summary>
    public const string TraceId = "traceid";

    // Written by the processor to recognise its own writes and to absorb copies that are no longer needed
    // (docs/processing.md, "Claims, leases and tokens").

    /// <summary>The token of the invocation that wrote the claim; every later write of that claim keeps it.</summary>
    public const string ClaimToken = "claimtoken";

    /// <summary>While released: the id of the re-sent message that carries the alert's retry.</summary>
    public const string Carrier = "carrier";

    /// <summary>While failed: the poison copy is written (a later dequeue of the failing message writes none).</summary>
    public const string PoisonWritten = "poisonwritten";

    /// <summary>How many claims ran out without being closed (their worker crashed or was killed).</summary>
    public const string Abandoned = "abandoned";

    /// <summary>The longest encoded value of <see cref="ClaimToken"/> and <see cref="Carrier"/> (tokens and queue message ids are short).</summary>
    public const int MaxTokenBytes = 128;

    /// <summary>The service's limit on all metadata names and values of one blob.</summary>
    public const int MaxTotalBytes = 8 * 1024;

    /// <summary>The longest encoded free-text value.</summary>
    public const int MaxTextBytes = 1024;

    /// <summary>The keys whose values are free text (each at most <see cref="MaxTextBytes"/>).</summary>
    public static readonly string[] TextKeys = [Owner, ClientId, DedupKey, RuleType, Reason, LastError];

    public static string Format(AlertRecordState state) => state.ToString().ToLowerInvariant();

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>The percent-encoded form of <paramref name="value"/>, cut to <see cref="MaxTextBytes"/> on a character boundary.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = Uri.EscapeDataString(value);
        if (escaped.Length <= MaxTextBytes)
        {
            return escaped; // ASCII only: characters are bytes.
        }

        var builder = new StringBuilder(MaxTextBytes);
        foreach (var rune in value.EnumerateRunes())
        {
            var piece = Uri.EscapeDataString(rune.ToString());
            if (builder.Length + piece.Length > MaxTextBytes)
            {
                break;
            }

            builder.Append(piece);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The stored form of a token or message id: percent-encoded, or its SHA-256 when that is longer than
    /// <see cref="MaxTokenBytes"/>. Deterministic, so a stored value is compared with the stored form of a candidate.
    /// </summary>
    public static string Token(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = Uri.EscapeDataString(value);
        return escaped.Length <= MaxTokenBytes ? escaped : "~h" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>What the service counts against <see cref="MaxTotalBytes"/>: every name and value, in bytes.</summary>
    public static int Size(IDictionary<string, string> metadata) =>
        metadata.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value));

    public static AlertRecord Read(IDictionary<string, string> metadata, ETag etag, DateTimeOffset lastModified)
    {
        // A record this code did not write (or a state from a newer build) is treated as released: claimable, so
        // an alert is never stuck behind a record nobody can interpret.
        var state = metadata.TryGetValue(State, out var s) && Enum.TryParse<AlertRecordState>(s, ignoreCase: true, out var parsed)
            ? parsed
            : AlertRecordState.Released;

        // The lease runs from the claim write's Last-Modified, a time the storage service stamped: every worker judges
        // it on that one clock, whatever its own says.
        DateTimeOffset? leaseUntil = state == AlertRecordState.Processing
            && metadata.TryGetValue(LeaseFor, out var l)
            && TimeSpan.TryParse(l, CultureInfo.InvariantCulture, out var lease)
            ? lastModified + lease
            : null;
        var attempts = metadata.TryGetValue(Attempts, out var a) && int.TryParse(a, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var abandoned = metadata.TryGetValue(Abandoned, out var ab) && int.TryParse(ab, CultureInfo.InvariantCulture, out var lapsed) ? lapsed : 0;
        var ownerDequeue = metadata.TryGetValue(OwnerDequeue, out var d) && long.TryParse(d, CultureInfo.InvariantCulture, out var dq) ? dq : 0;
        DateTimeOffset? firstFailedAt = metadata.TryGetValue(FirstFailedAt, out var f)
            && DateTimeOffset.TryParse(f, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var first)
            ? first
            : null;
        return new AlertRecord(
            state,
            leaseUntil,
            attempts,
            metadata.TryGetValue(Owner, out var o) ? o : null,
            metadata.TryGetValue(Outcome, out var c) ? c : null,
            metadata.TryGetValue(Reason, out var r) ? Uri.UnescapeDataString(r) : null,
            etag)
        {
            OwnerDequeueCount = ownerDequeue,
            FirstFailedAt = firstFailedAt,
            LastError = metadata.TryGetValue(LastError, out var e) ? Uri.UnescapeDataString(e) : null,
            ClaimToken = metadata.TryGetValue(ClaimToken, out var t) ? t : null,
            Carrier = metadata.TryGetValue(Carrier, out var carrier) ? carrier : null,
            PoisonWritten = metadata.ContainsKey(PoisonWritten),
            Abandoned = abandoned,
            ModifiedAt = lastModified,
            Metadata = metadata,
        };
    }
}
