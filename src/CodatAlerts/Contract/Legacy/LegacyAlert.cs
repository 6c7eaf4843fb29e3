using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary>
/// A body of the legacy rules/alerts service (reference §2.1), also sent by the signed service for the deprecated
/// legacy event types (§0.3). Every field is optional: Codat has left several out over the years.
/// </summary>
/// <typeparam name="TData">The rule-specific <c>Data</c>: one record per rule type, so each rule type has its own
/// alert type and its own handlers.</typeparam>
public sealed record LegacyAlert<TData>
    where TData : class
{
    /// <summary>The Codat client the body names; the envelope's authenticated client id is authoritative.</summary>
    public string? ClientId { get; init; }

    public string? ClientName { get; init; }

    /// <summary>The company. Absent on the client-wide rate-limit rules.</summary>
    public string? CompanyId { get; init; }

    /// <summary>The data connection, on connection, dataset and push rules.</summary>
    public string? DataConnectionId { get; init; }

    /// <summary>Deprecated by Codat, not populated after migration to the signed service: never depend on it.</summary>
    public string? RuleId { get; init; }

    /// <summary>
    /// The rule type as sent: null for the 2023 bodies that named it <c>Type</c> (kept in <see cref="Extra"/>). The
    /// canonical type is on the alert's context.
    /// </summary>
    public string? RuleType { get; init; }

    public string? AlertId { get; init; }

    /// <summary>Free text from Codat that may name companies or clients; not stable, never parse it.</summary>
    public string? Message { get; init; }

    public TData? Data { get; init; }

    /// <summary>Top-level fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
