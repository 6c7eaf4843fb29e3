using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>An error Codat recorded on a <see cref="Connection"/>.</summary>
public sealed record DataConnectionError
{
    public string? StatusCode { get; init; }

    public string? StatusText { get; init; }

    public string? ErrorMessage { get; init; }

    public DateTimeOffset? ErroredOnUtc { get; init; }

    public string? Status { get; init; }

    public DateTimeOffset? ResolvedOnUtc { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
