using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
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

    /// <summary>
    /// The most bytes one queue message carries before base64: 64 KiB of base64 text holds 48 KiB (reference
    /// azure-platform §1). A poison message is never larger.
    /// </summary>
    public const int MaxMessageBytes = 49_152;

    // The reason is written with the serializer's default escaping (non-ASCII as \uXXXX), measured the same way.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Default;

    /// <summary>
    /// The poison body for <paramref name="message"/> failing for <paramref name="reason"/>, never larger than
    /// <see cref="MaxMessageBytes"/>: the reason is cut, by encoded bytes, to the room the original leaves. An original
    /// so large that even an empty reason does not fit (a near-full envelope) is written back bare, exactly as received:
    /// it fitted a queue message once, so it fits again; its reason is then only in the record and the log.
    /// </summary>
    public static BinaryData Create(QueueMessage message, string reason, DateTimeOffset failedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reason);
        var original = message.Body.ToMemory();
        var isJson = IsJsonObject(original.Span);
        var empty = Write(message, original.Span, isJson, string.Empty, failedAt);
        var room = MaxMessageBytes - empty.Length;
        if (room < 0)
        {
            return message.Body;
        }

        return BinaryData.FromBytes(Write(message, original.Span, isJson, Fit(reason, room), failedAt));
    }

    /// <summary>The longest prefix of <paramref name="reason"/>, on a character boundary, whose JSON string content takes at most <paramref name="room"/> bytes.</summary>
    internal static string Fit(string reason, int room)
    {
        if (Encoding.UTF8.GetByteCount(reason) * 6 <= room)
        {
            return reason; // Even the worst escaping (6 bytes per UTF-8 byte) fits.
        }

        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in reason.EnumerateRunes())
        {
            var cost = JsonEncodedText.Encode(rune.ToString(), Encoder).EncodedUtf8Bytes.Length;
            if (used + cost > room)
            {
                break;
            }

            used += cost;
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static byte[] Write(QueueMessage message, ReadOnlySpan<byte> original, bool isJson, string reason, DateTimeOffset failedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(original.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("poison", CurrentFormat);
            writer.WriteString("reason", reason);
            writer.WriteString("failedAt", failedAt);
            writer.WriteString("originalMessageId", message.MessageId);
            writer.WriteNumber("dequeueCount", message.DequeueCount);
            if (isJson)
            {
                // Verbatim: the replay sends back exactly the bytes the intake wrote, and the size is known.
                writer.WritePropertyName("envelope");
                writer.WriteRawValue(original, skipInputValidation: true);
            }
            else
            {
                writer.WriteBase64String("rawMessage", original);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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
            { Envelope: { } envelope } => BinaryData.FromBytes(JsonMarshal.GetRawUtf8Value(envelope).ToArray()),
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

    private static bool IsJsonObject(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read(); // Nothing after the object.
        }
        catch (JsonException)
        {
            return false;
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
