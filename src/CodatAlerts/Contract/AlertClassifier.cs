using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CodatAlerts.Contract;

/// <summary>
/// Decides what a raw body is, in one forward pass over its top-level properties (nested values are validated and
/// skipped, never materialised): a legacy alert (<c>RuleType</c>, <c>AlertId</c>) or an event envelope (<c>id</c>,
/// <c>eventType</c>, <c>payload</c>). Property names match without regard to case (reference §0.4, §2.1).
/// </summary>
public static class AlertClassifier
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>Classifies <paramref name="body"/>.</summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="webhookId">The <c>webhook-id</c> header of a signed delivery, which is the dedup key when present.</param>
    /// <param name="classification">The result, when the body is an alert.</param>
    /// <param name="error">Why not, otherwise.</param>
    public static bool TryClassify(
        ReadOnlySpan<byte> body,
        string? webhookId,
        [NotNullWhen(true)] out AlertClassification? classification,
        [NotNullWhen(false)] out ClassificationError? error)
    {
        classification = null;
        if (!TryReadTopLevel(body, out var fields, out error))
        {
            return false;
        }

        var shape = fields.Shape();
        if (shape is null)
        {
            error = new ClassificationError(
                "Not a Codat alert",
                "The body is neither a legacy alert (RuleType, AlertId) nor an event envelope (id, eventType, payload).");
            return false;
        }

        var rawType = shape == AlertShape.Legacy ? fields.RuleType ?? fields.Type : fields.EventType ?? fields.Type;
        if (string.IsNullOrWhiteSpace(rawType))
        {
            error = new ClassificationError(
                "Missing rule type",
                shape == AlertShape.Legacy ? "RuleType must be a non-empty string." : "eventType must be a non-empty string.");
            return false;
        }

        var (dedupKey, source) = DedupKeyOf(shape.Value, fields, webhookId);
        if (dedupKey is null)
        {
            error = new ClassificationError(
                "Missing alert id",
                shape == AlertShape.Legacy
                    ? "A legacy alert needs a non-empty AlertId (or a webhook-id header)."
                    : "An event envelope needs a non-empty id (or a webhook-id header).");
            return false;
        }

        classification = new AlertClassification(shape.Value, dedupKey, source, rawType, RuleTypes.Resolve(rawType))
        {
            ClientId = shape == AlertShape.Legacy ? NullIfBlank(fields.ClientId) : null,
        };
        return true;
    }

    private static (string? Key, DedupKeySource Source) DedupKeyOf(AlertShape shape, in TopLevelFields fields, string? webhookId)
    {
        if (!string.IsNullOrWhiteSpace(webhookId))
        {
            return (webhookId.Trim(), DedupKeySource.WebhookId);
        }

        return shape == AlertShape.Legacy
            ? (NullIfBlank(fields.AlertId), DedupKeySource.AlertId)
            : (NullIfBlank(fields.Id), DedupKeySource.EventId);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryReadTopLevel(
        ReadOnlySpan<byte> body,
        out TopLevelFields fields,
        [NotNullWhen(false)] out ClassificationError? error)
    {
        fields = default;
        error = null;
        if (body.IsEmpty)
        {
            error = new ClassificationError("Empty body", "The request has no body; Codat always sends a JSON object.");
            return false;
        }

        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new ClassificationError("Not a JSON object", "The body must be a JSON object.");
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = FieldOf(ref reader);
                reader.Read();
                fields.Take(name, ref reader);
            }

            // The object is closed; anything after it makes the document invalid.
            if (reader.Read())
            {
                error = new ClassificationError("Malformed JSON", "The body has content after its JSON object.");
                return false;
            }
        }
        catch (JsonException ex)
        {
            // The reader's message names a line and a byte position, never body content.
            error = new ClassificationError("Malformed JSON", $"The body is not valid JSON: {ex.Message}");
            return false;
        }

        return true;
    }

    /// <summary>The top-level properties that matter for classification.</summary>
    private enum Field
    {
        Other,
        RuleType,
        Type,
        AlertId,
        Id,
        EventType,
        Payload,
        Data,
        ClientId,
    }

    private struct TopLevelFields
    {
        public string? RuleType;
        public string? Type;
        public string? AlertId;
        public string? Id;
        public string? EventType;
        public bool HasPayload;
        public bool HasData;
        public string? ClientId;

        /// <summary>
        /// An envelope has <c>payload</c> and <c>eventType</c> (some OAS examples say <c>type</c>); a legacy body has
        /// <c>RuleType</c>, or the 2023 docs' <c>Type</c> next to <c>AlertId</c> or <c>Data</c>.
        /// </summary>
        public readonly AlertShape? Shape()
        {
            if (RuleType is not null)
            {
                return AlertShape.Legacy;
            }

            if (HasPayload && (EventType is not null || Type is not null))
            {
                return AlertShape.Event;
            }

            if (EventType is not null && Id is not null)
            {
                return AlertShape.Event;
            }

            if (Type is not null && (AlertId is not null || HasData))
            {
                return AlertShape.Legacy;
            }

            return null;
        }

        public void Take(Field field, ref Utf8JsonReader reader)
        {
            switch (field)
            {
                case Field.RuleType: RuleType ??= StringOrEmpty(ref reader); break;
                case Field.Type: Type ??= StringOrEmpty(ref reader); break;
                case Field.AlertId: AlertId ??= StringOrEmpty(ref reader); break;
                case Field.Id: Id ??= StringOrEmpty(ref reader); break;
                case Field.EventType: EventType ??= StringOrEmpty(ref reader); break;
                case Field.ClientId: ClientId ??= StringOrEmpty(ref reader); break;
                case Field.Payload: HasPayload |= reader.TokenType == JsonTokenType.StartObject; reader.Skip(); break;
                case Field.Data: HasData |= reader.TokenType == JsonTokenType.StartObject; reader.Skip(); break;
                default: reader.Skip(); break;
            }
        }

        // A non-string value (a number, null, an object) counts as present but empty, so it is reported precisely.
        private static string StringOrEmpty(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString() ?? string.Empty;
            }

            reader.Skip();
            return string.Empty;
        }
    }

    /// <summary>Names the property under the reader, ignoring case, without allocating for unescaped names.</summary>
    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        const int longest = 9; // "eventtype"
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return FieldOf(System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty));
        }

        return reader.ValueSpan.Length > longest ? Field.Other : FieldOf(reader.ValueSpan);
    }

    private static Field FieldOf(ReadOnlySpan<byte> name)
    {
        Span<byte> lower = stackalloc byte[9];
        if (name.Length > lower.Length)
        {
            return Field.Other;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var b = name[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        return lower[..name.Length] switch
        {
            var n when n.SequenceEqual("ruletype"u8) => Field.RuleType,
            var n when n.SequenceEqual("type"u8) => Field.Type,
            var n when n.SequenceEqual("alertid"u8) => Field.AlertId,
            var n when n.SequenceEqual("id"u8) => Field.Id,
            var n when n.SequenceEqual("eventtype"u8) => Field.EventType,
            var n when n.SequenceEqual("payload"u8) => Field.Payload,
            var n when n.SequenceEqual("data"u8) => Field.Data,
            var n when n.SequenceEqual("clientid"u8) => Field.ClientId,
            _ => Field.Other,
        };
    }
}
