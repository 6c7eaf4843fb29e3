using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary>
/// <c>Data</c> of <c>New company synchronised</c> (rule 2): none in the OAS, these two fields in the current docs
/// example, <c>{}</c> in 2023.
/// </summary>
public sealed record NewCompanySynchronizedData
{
    /// <summary>Despite its name, Codat's example holds a GUID here.</summary>
    public string? CompanyName { get; init; }

    public string? SourceType { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
