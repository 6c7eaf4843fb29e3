namespace CodatAlerts.Queueing;

/// <summary>
/// The queue message for one envelope, decided before anything is written: the envelope inline when its JSON fits
/// <see cref="QueueingOptions.MaxInlineEnvelopeBytes"/>, else the envelope without its body plus the body for a
/// claim-check blob. An envelope that would not fit even without its body is refused here, before the blob is written,
/// so a refused send leaves no orphaned blob (start-up refuses an inline limit below <see cref="WorstCaseEnvelope"/>,
/// which makes that case unreachable for anything the intake builds).
/// </summary>
/// <param name="Message">The message text: envelope JSON, at most the inline limit.</param>
/// <param name="BodyBlob">The claim-check blob's name, when the body travels there.</param>
/// <param name="BlobContent">The exact body bytes for that blob: the envelope's own array, not a copy.</param>
public sealed record EnvelopeMessage(byte[] Message, string? BodyBlob, byte[]? BlobContent)
{
    /// <summary>Builds the message for <paramref name="envelope"/>.</summary>
    /// <exception cref="EnvelopeTooLargeException">Even without its body the envelope exceeds <paramref name="maxInlineBytes"/>.</exception>
    public static EnvelopeMessage For(AlertEnvelope envelope, int maxInlineBytes)
    {
        ArgumentNullException.ThrowIfNull(envelope);

        // The claim-check is chosen before anything is serialised inline: a body whose base64 alone passes the limit
        // can never travel inline, so a large body is never encoded into JSON just to learn that it does not fit. Only a
        // body whose base64 fits (under 48 KiB) is tried inline.
        if (envelope.Body is not { } body || Base64Length(body.Length) <= maxInlineBytes)
        {
            var inline = AlertEnvelopeSerializer.Serialize(envelope);
            if (inline.Length <= maxInlineBytes)
            {
                return new EnvelopeMessage(inline, BodyBlob: null, BlobContent: null);
            }
        }

        var blobName = $"{envelope.IngestionId}.json";
        var claimChecked = AlertEnvelopeSerializer.Serialize(envelope with { Body = null, BodyBlob = blobName });
        if (claimChecked.Length > maxInlineBytes)
        {
            throw new EnvelopeTooLargeException(
                $"The envelope of ingestion {envelope.IngestionId} is {claimChecked.Length} bytes without its body; a message holds {maxInlineBytes}.");
        }

        return new EnvelopeMessage(claimChecked, blobName, envelope.Body ?? []);
    }

    /// <summary>The characters of the padded base64 of <paramref name="bytes"/> bytes, as the envelope's JSON holds it.</summary>
    private static long Base64Length(int bytes) => 4L * ((bytes + 2L) / 3);
}
