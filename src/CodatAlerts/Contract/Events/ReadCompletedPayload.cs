using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>Payload of <c>read.completed</c> and <c>read.completed.initial</c>.</summary>
public sealed record ReadCompletedPayload
{
    public ReferenceCompany? ReferenceCompany { get; init; }

    public DateTimeOffset? ModifiedFromDate { get; init; }

    /// <summary>One entry per data type read.</summary>
    public IReadOnlyList<ReadDataType>? DataTypes { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
