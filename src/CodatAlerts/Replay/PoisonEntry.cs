using System.Buffers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;

namespace CodatAlerts.Replay;

/// <summary>
/// One message received raw from a poison queue (<see cref="PoisonQueueReader"/>), decoded here so that no content
/// can throw: a message that is not base64 keeps its exact stored bytes as its original, and a wrapper that does not
/// read is taken as a message that is not an envelope.
/// </summary>
public sealed class PoisonEntry
{
    public PoisonEntry(QueueMessage stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        Stored = stored;
        Decoded = TryDecode(stored.Body);
        Alert = Unwrap(Decoded ?? stored.Body);
    }

    /// <summary>The message as received, its body the stored text's bytes; its id and pop receipt for delete and update.</summary>
    public QueueMessage Stored { get; }

    /// <summary>The body base64-decoded, as the trigger would read it; null when the stored text is not base64.</summary>
    public BinaryData? Decoded { get; }

    /// <summary>Whether the stored text is base64, the only encoding the app and the host write.</summary>
    public bool IsDecodable => Decoded is not null;

    /// <summary>The message unwrapped; for one that is not base64, the original is its exact stored bytes.</summary>
    public PoisonedAlert Alert { get; }

    /// <summary>The message with its decoded body (what <see cref="PoisonMessage.Create"/> wraps); the stored one when it does not decode.</summary>
    public QueueMessage Message => Decoded is { } decoded
        ? QueuesModelFactory.QueueMessage(Stored.MessageId, Stored.PopReceipt, decoded, Stored.DequeueCount, Stored.NextVisibleOn, Stored.InsertedOn, Stored.ExpiresOn)
        : Stored;

    private static BinaryData? TryDecode(BinaryData stored)
    {
        // The client's base64 decoding is Convert.FromBase64String of the text; the same rules here, without the throw.
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(stored.ToMemory().Span);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(text.Length);
        try
        {
            return Convert.TryFromBase64String(text, buffer, out var written) ? BinaryData.FromBytes(buffer.AsSpan(0, written).ToArray()) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static PoisonedAlert Unwrap(BinaryData body)
    {
        try
        {
            return PoisonMessage.Read(body);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            // A wrapper whose own fields do not read (its rawMessage not base64: written by hand): the whole body is the original.
            return new PoisonedAlert(body, null, null);
        }
    }
}
