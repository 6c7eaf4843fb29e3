using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>Payload of <c>company.product.added</c> and <c>company.product.removed</c>.</summary>
public sealed record CompanyProductPayload
{
    public ReferenceCompany? ReferenceCompany { get; init; }

    /// <summary>The Codat product, e.g. <c>lending</c>.</summary>
    public string? ProductIdentifier { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
