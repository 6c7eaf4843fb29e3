using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>The company an event concerns (<c>payload.referenceCompany</c>).</summary>
public sealed record ReferenceCompany
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public CompanyLinks? Links { get; init; }

    /// <summary>The company's <c>key:value</c> tags, which consumers can filter on.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
