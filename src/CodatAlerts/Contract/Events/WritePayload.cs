using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Events;

/// <summary>Payload of <c>{dataType}.write.successful</c> and <c>{dataType}.write.unsuccessful</c>.</summary>
public sealed record WritePayload
{
    /// <summary>The push operation key (legacy <c>pushOperationKey</c>).</summary>
    public string? Id { get; init; }

    /// <summary><c>Create</c>, <c>Update</c>, <c>Delete</c> or <c>UploadAttachment</c>.</summary>
    public string? Type { get; init; }

    public ReferenceCompany? ReferenceCompany { get; init; }

    public string? ConnectionId { get; init; }

    public DateTimeOffset? RequestedOnDate { get; init; }

    public DateTimeOffset? CompletedOnDate { get; init; }

    /// <summary><c>Pending</c>, <c>Failed</c>, <c>Success</c> or <c>TimedOut</c>.</summary>
    public string? Status { get; init; }

    public WriteRecord? Record { get; init; }

    public string? AttachmentId { get; init; }

    /// <summary>Fields this contract does not name, kept as sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
