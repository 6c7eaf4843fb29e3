using System.Text;
using System.Text.Json;

namespace CodatAlerts.Queueing;

/// <summary>Reads and writes <see cref="AlertEnvelope"/> as UTF-8 JSON, the body of a queue message.</summary>
public static class AlertEnvelopeSerializer
{
    /// <summary>The envelope as UTF-8 JSON.</summary>
    public static byte[] Serialize(AlertEnvelope envelope) =>
        JsonSerializer.SerializeToUtf8Bytes(envelope, EnvelopeJsonContext.Default.AlertEnvelope);

    /// <summary>Reads an envelope; throws <see cref="EnvelopeFormatException"/> when it is not one this code understands.</summary>
    public static AlertEnvelope Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        AlertEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(utf8Json, EnvelopeJsonContext.Default.AlertEnvelope);
        }
        catch (JsonException ex)
        {
            throw new EnvelopeFormatException($"The message is not a readable alert envelope: {ex.Message}", ex);
        }

        if (envelope is null)
        {
            throw new EnvelopeFormatException("The message is a JSON null, not an alert envelope.");
        }

        if (envelope.Version == AlertEnvelope.TextBodyVersion)
        {
            envelope = WithTextBody(envelope, utf8Json);
        }
        else if (envelope.Version != AlertEnvelope.CurrentVersion)
        {
            throw new EnvelopeFormatException(
                $"Envelope version {envelope.Version} is not supported; this build reads versions {AlertEnvelope.TextBodyVersion} and {AlertEnvelope.CurrentVersion}.");
        }

        if (envelope.Body is null == envelope.BodyBlob is null)
        {
            throw new EnvelopeFormatException("An envelope must carry exactly one of body and bodyBlob.");
        }

        return envelope;
    }

    /// <summary>
    /// A version 1 envelope carried its body as a JSON string (<c>body</c>); its bytes are that string's UTF-8, which is
    /// what the previous build archived and parsed too.
    /// </summary>
    private static AlertEnvelope WithTextBody(AlertEnvelope envelope, ReadOnlySpan<byte> utf8Json)
    {
        if (envelope.Body is not null)
        {
            throw new EnvelopeFormatException("A version 1 envelope carries its body as text (body), not as bytes (rawBody).");
        }

        var text = JsonSerializer.Deserialize(utf8Json, EnvelopeJsonContext.Default.TextBodyEnvelope)?.Body;
        return text is null ? envelope : envelope with { Body = Encoding.UTF8.GetBytes(text) };
    }
}
