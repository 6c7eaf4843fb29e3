using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>
/// Payload of <c>company.created</c> and <c>company.deleted</c>: the company itself, without a
/// <c>referenceCompany</c> wrapper.
/// </summary>
public sealed record CompanyPayload
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The Link URL for the company.</summary>
    public string? Redirect { get; init; }

    public DateTimeOffset? LastSync { get; init; }

    public DateTimeOffset? Created { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
