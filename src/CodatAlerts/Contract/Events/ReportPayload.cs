using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>Payload of the <c>reports.{report}.generate.*</c> events.</summary>
public sealed record ReportPayload
{
    public ReferenceCompany? ReferenceCompany { get; init; }

    public string? ReportId { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
