using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Legacy;

/// <summary><c>Data</c> of <c>Account Categories Updated</c> (rule 8).</summary>
public sealed record AccountCategoriesUpdatedData
{
    public DateTimeOffset? ModifiedDate { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
