using System.Security.Cryptography;
using System.Text;
using CodatAlerts.Processing;

namespace CodatAlerts.Records;

/// <summary>
/// The blob index tags of a record blob, written by the claim's own upload (no extra request) and never changed
/// afterwards: only what does not change over the alert's life is indexed. Each tag holds a value and the receipt time
/// (<c>{value}/{receivedAt}</c>), so "this client between 02:00 and 03:00" is one range over one tag, the form the
/// index answers best and bills as the fewest list transactions.
/// </summary>
/// <remarks>
/// Tag values allow only letters, digits and <c> +-.:=_/</c>, and at most 256 characters; a value the service
/// refuses would fail the claim itself, so every value is encoded into that alphabet (the record name's encoding with
/// <c>=</c> for <c>~</c>, a SHA-256 form when long). The same encoding turns a query's client ID or rule type into the
/// tag value, so no decoding is ever needed. Times are ISO 8601 UTC of fixed width, so text order is time order.
/// </remarks>
public static class AlertRecordTags
{
    /// <summary>Receipt time: every alert of a time window.</summary>
    public const string Received = "received";

    /// <summary><c>{client}/{receivedAt}</c>: one client's alerts in time order.</summary>
    public const string Client = "client";

    /// <summary><c>{ruleType}/{receivedAt}</c>: one rule type's alerts in time order.</summary>
    public const string RuleType = "ruletype";

    /// <summary><c>{companyId}/{receivedAt}</c>: one Codat company's alerts in time order (absent when the body names none).</summary>
    public const string Company = "company";

    // Leaves room for "/" and the 28-character time within the service's 256-character limit.
    private const int MaxValueLength = 200;

    /// <summary>The tags of a record whose claim metadata is <paramref name="metadata"/> and body <paramref name="body"/> (for the company).</summary>
    public static Dictionary<string, string> From(IDictionary<string, string> metadata, ReadOnlySpan<byte> body)
    {
        var tags = From(metadata);
        if (tags.TryGetValue(Received, out var received) && AlertCompany.Find(body) is { } company)
        {
            tags[Company] = CompanyValue(company) + "/" + received;
        }

        return tags;
    }

    /// <summary>The tags of a record whose claim metadata is <paramref name="metadata"/>; empty for what is missing.</summary>
    public static Dictionary<string, string> From(IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!metadata.TryGetValue(AlertRecordMetadata.ReceivedAt, out var received))
        {
            return tags;
        }

        tags[Received] = received;
        if (metadata.TryGetValue(AlertRecordMetadata.ClientId, out var client))
        {
            tags[Client] = ClientValue(Uri.UnescapeDataString(client)) + "/" + received;
        }

        if (metadata.TryGetValue(AlertRecordMetadata.RuleType, out var ruleType))
        {
            tags[RuleType] = RuleTypeValue(Uri.UnescapeDataString(ruleType)) + "/" + received;
        }

        return tags;
    }

    /// <summary>The tag form of a client ID (as in the record name: trimmed, lower-case).</summary>
    public static string ClientValue(string clientId) => Safe(AlertRecordName.ClientSegment(clientId));

    /// <summary>The tag form of a rule type (exact case: the canonical names are stable).</summary>
    public static string RuleTypeValue(string ruleType) => ruleType.Length == 0 ? "=" : Safe(AlertRecordName.Encode(ruleType));

    /// <summary>The tag form of a company id (trimmed, lower-case: Codat's ids are GUIDs, written in either case).</summary>
    public static string CompanyValue(string companyId) => Safe(AlertRecordName.Encode(companyId.Trim().ToLowerInvariant()));

    /// <summary>The tag form of a time.</summary>
    public static string Time(DateTimeOffset time) => AlertRecordMetadata.Format(time);

    // The record-name encoding uses only [A-Za-z0-9_-~]; '=' never occurs in it, so swapping '~' for '=' stays injective.
    private static string Safe(string encoded) =>
        encoded.Length <= MaxValueLength
            ? encoded.Replace('~', '=')
            : "=h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(encoded)));
}
