using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues.Models;
using CodatAlerts.Queueing;

namespace CodatAlerts.Processing;

/// <summary>
/// What this app writes to a <c>-poison</c> queue for a permanent failure: the original message with the reason
/// attached, so an operator reading the queue sees why. The original travels intact (as JSON when it is JSON, else
/// base64), so a replay re-sends exactly what the intake wrote and the dedup key survives.
/// </summary>
public sealed record PoisonMessage
{
    /// <summary>The wrapper format this code writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Marks the wrapper (an envelope never has this property) and versions it.</summary>
    [JsonPropertyName("poison")]
    public required int Format { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset FailedAt { get; init; }

    public required string OriginalMessageId { get; init; }

    public required long DequeueCount { get; init; }

    /// <summary>The original message, when it was a JSON object (an envelope, readable or not).</summary>
    public JsonElement? Envelope { get; init; }

    /// <summary>The original message in base64, when it was not JSON.</summary>
    public string? RawMessage { get; init; }

    /// <summary>The poison body for <paramref name="message"/> failing permanently for <paramref name="reason"/>.</summary>
    public static BinaryData Create(QueueMessage message, string reason, DateTimeOffset failedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        var original = OriginalAsJson(message.Body);
        var poison = new PoisonMessage
        {
            Format = CurrentFormat,
            Reason = reason,
            FailedAt = failedAt,
            OriginalMessageId = message.MessageId,
            DequeueCount = message.DequeueCount,
            Envelope = original,
            RawMessage = original is null ? Convert.ToBase64String(message.Body.ToMemory().Span) : null,
        };
        return BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(poison, ProcessingJsonContext.Default.PoisonMessage));
    }

    /// <summary>
    /// Reads a message from a poison queue in either form: this wrapper, or the host's own copy, which holds only
    /// the original body (the host moves a message after its last failed attempt without any reason).
    /// </summary>
    public static PoisonedAlert Read(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var wrapper = TryReadWrapper(body);
        var original = wrapper switch
        {
            { Envelope: { } envelope } => BinaryData.FromString(envelope.GetRawText()),
            { RawMessage: { } raw } => BinaryData.FromBytes(Convert.FromBase64String(raw)),
            _ => body,
        };

        AlertEnvelope? readable;
        try
        {
            readable = AlertEnvelopeSerializer.Deserialize(original.ToMemory().Span);
        }
        catch (EnvelopeFormatException)
        {
            readable = null;
        }

        return new PoisonedAlert(original, readable, wrapper?.Reason);
    }

    private static JsonElement? OriginalAsJson(BinaryData body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static PoisonMessage? TryReadWrapper(BinaryData body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("poison", out _))
            {
                return null;
            }

            var wrapper = document.RootElement.Deserialize(ProcessingJsonContext.Default.PoisonMessage);
            return wrapper is { Format: CurrentFormat } && (wrapper.Envelope is not null || wrapper.RawMessage is not null) ? wrapper : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null; // Not our wrapper: the host's copy of a body that is not even JSON.
        }
    }
}
