using System.Globalization;
using Azure;

namespace CodatAlerts.Processing;

/// <summary>
/// The metadata of a record blob: its state machine plus enough about the alert to read it in Storage Explorer.
/// Metadata travels as HTTP headers, so free text (rule types, reasons) is percent-encoded to stay ASCII.
/// </summary>
internal static class AlertRecordMetadata
{
    public const string State = "state";
    public const string LeaseUntil = "leaseuntil";
    public const string Attempts = "attempts";
    public const string Owner = "owner";
    public const string RuleType = "ruletype";
    public const string Partition = "partition";
    public const string ReceivedAt = "receivedat";
    public const string ClientId = "clientid";
    public const string ClientIdSource = "clientidsource";
    public const string DedupKey = "dedupkey";
    public const string Outcome = "outcome";
    public const string Reason = "reason";
    public const string UpdatedAt = "updatedat";

    // For the alert inspector (src/CodatAlerts/Records): how Codat delivered the copy that made the last claim, and
    // that copy's ingestion id (earlier claimants and absorbed duplicates are only in the logs).
    public const string Delivery = "delivery";
    public const string IngestionId = "ingestionid";

    // Keeps the whole metadata set far below the service's 8 KiB limit.
    private const int MaxReasonLength = 1024;

    public static string Format(AlertRecordState state) => state.ToString().ToLowerInvariant();

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(string value) =>
        Uri.EscapeDataString(value.Length <= MaxReasonLength ? value : value[..MaxReasonLength]);

    public static AlertRecord Read(IDictionary<string, string> metadata, ETag etag)
    {
        // A record this code did not write (or a state from a newer build) is treated as released: claimable, so
        // an alert is never stuck behind a record nobody can interpret.
        var state = metadata.TryGetValue(State, out var s) && Enum.TryParse<AlertRecordState>(s, ignoreCase: true, out var parsed)
            ? parsed
            : AlertRecordState.Released;
        DateTimeOffset? leaseUntil = metadata.TryGetValue(LeaseUntil, out var l)
            && DateTimeOffset.TryParse(l, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lease)
            ? lease
            : null;
        var attempts = metadata.TryGetValue(Attempts, out var a) && int.TryParse(a, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new AlertRecord(
            state,
            leaseUntil,
            attempts,
            metadata.TryGetValue(Owner, out var o) ? o : null,
            metadata.TryGetValue(Outcome, out var c) ? c : null,
            metadata.TryGetValue(Reason, out var r) ? Uri.UnescapeDataString(r) : null,
            etag);
    }
}
