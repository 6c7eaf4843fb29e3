using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>A data connection of a company (<c>payload.connection</c>).</summary>
public sealed record Connection
{
    public string? Id { get; init; }

    public string? IntegrationId { get; init; }

    /// <summary>The integration, four lowercase letters (<c>gbol</c>); the legacy <c>platformKey</c>.</summary>
    public string? IntegrationKey { get; init; }

    public string? SourceId { get; init; }

    /// <summary>E.g. <c>Accounting</c>, <c>Banking</c>, <c>Commerce</c>.</summary>
    public string? SourceType { get; init; }

    public string? PlatformName { get; init; }

    public string? LinkUrl { get; init; }

    /// <summary><c>PendingAuth</c>, <c>Linked</c>, <c>Unlinked</c> or <c>Deauthorized</c>.</summary>
    public string? Status { get; init; }

    public DateTimeOffset? LastSync { get; init; }

    public DateTimeOffset? Created { get; init; }

    public IReadOnlyList<DataConnectionError>? DataConnectionErrors { get; init; }

    /// <summary>Integration-specific details, kept as sent.</summary>
    public JsonElement? ConnectionInfo { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
