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
            error = NotAnAlert(
                "Not a Codat alert",
                "The body is neither a legacy alert (RuleType, AlertId) nor an event envelope (id, eventType, payload).");
            return false;
        }

        var rawType = shape == AlertShape.Legacy ? fields.RuleType ?? fields.Type : fields.EventType ?? fields.Type;
        if (string.IsNullOrWhiteSpace(rawType))
        {
            error = NotAnAlert(
                "Missing rule type",
                shape == AlertShape.Legacy ? "RuleType must be a non-empty string." : "eventType must be a non-empty string.");
            return false;
        }

        var ruleType = rawType.Trim();
        if (!AlertIdentifiers.IsValid(ruleType))
        {
            error = InvalidIdentifier(shape == AlertShape.Legacy ? "RuleType" : "eventType");
            return false;
        }

        var (dedupKey, source) = DedupKeyOf(shape.Value, fields, webhookId);
        if (dedupKey is null)
        {
            error = NotAnAlert(
                "Missing alert id",
                shape == AlertShape.Legacy
                    ? "A legacy alert needs a non-empty AlertId (or a webhook-id header)."
                    : "An event envelope needs a non-empty id (or a webhook-id header).");
            return false;
        }

        if (!AlertIdentifiers.IsValid(dedupKey))
        {
            error = InvalidIdentifier(source switch
            {
                DedupKeySource.WebhookId => "The webhook-id header",
                DedupKeySource.AlertId => "AlertId",
                _ => "id",
            });
            return false;
        }

        classification = new AlertClassification(shape.Value, dedupKey, source, ruleType, RuleTypes.Resolve(ruleType))
        {
            ClientId = shape == AlertShape.Legacy ? fields.ClientId?.Trim() : null,
        };
        return true;
    }

    /// <summary>
    /// The error naming the first identifying key (<c>RuleType</c>, <c>Type</c>, <c>AlertId</c>, <c>id</c>,
    /// <c>eventType</c>, <c>payload</c>, <c>Data</c>, <c>ClientId</c>) that <paramref name="body"/> has twice at its top level, compared
    /// without regard to case; null when there is none (or the body is not a readable JSON object, which the caller's
    /// own parse reports). The processing parser refuses such a body as the intake does, so no reader can take a
    /// different copy of a key than the one the dedup key came from.
    /// </summary>
    public static ClassificationError? FindDuplicateKey(ReadOnlySpan<byte> body) =>
        !TryReadTopLevel(body, out _, out var error) && error.Reason == ClassificationReasons.DuplicateKey ? error : null;

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

    private static ClassificationError NotAnAlert(string title, string detail) =>
        new(ClassificationReasons.NotAnAlert, title, detail);

    private static ClassificationError InvalidIdentifier(string field) =>
        new(
            ClassificationReasons.InvalidIdentifier,
            "Invalid identifier",
            $"{field} must be 1 to {AlertIdentifiers.MaxLength} printable ASCII characters after trimming.");

    private static bool TryReadTopLevel(
        ReadOnlySpan<byte> body,
        out TopLevelFields fields,
        [NotNullWhen(false)] out ClassificationError? error)
    {
        fields = default;
        error = null;
        if (body.IsEmpty)
        {
            error = NotAnAlert("Empty body", "The request has no body; Codat always sends a JSON object.");
            return false;
        }

        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = NotAnAlert("Not a JSON object", "The body must be a JSON object.");
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
                error = NotAnAlert("Malformed JSON", "The body has content after its JSON object.");
                return false;
            }
        }
        catch (JsonException ex)
        {
            // Fixed wording and the position only: the reader's message quotes raw tokens of the body.
            error = NotAnAlert(
                "Malformed JSON",
                $"The body is not valid JSON (line {ex.LineNumber + 1 ?? 0}, byte {ex.BytePositionInLine + 1 ?? 0} of that line).");
            return false;
        }

        error = fields.Problem();
        return error is null;
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
        private int _seen;
        private Field _duplicate;
        private Field _malformed;

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

        /// <summary>Why the identifying keys cannot be read one way only, if they cannot.</summary>
        public readonly ClassificationError? Problem()
        {
            if (_duplicate != Field.Other)
            {
                return new ClassificationError(
                    ClassificationReasons.DuplicateKey,
                    "Duplicate key",
                    $"The top-level key {NameOf(_duplicate)} appears more than once (compared without regard to case).");
            }

            if (_malformed != Field.Other)
            {
                return new ClassificationError(
                    ClassificationReasons.MalformedString,
                    "Malformed string",
                    $"The value of {NameOf(_malformed)} is not a valid string (a lone surrogate escape or invalid UTF-8).");
            }

            return null;
        }

        public void Take(Field field, ref Utf8JsonReader reader)
        {
            if (field != Field.Other)
            {
                var bit = 1 << (int)field;
                if ((_seen & bit) != 0 && _duplicate == Field.Other)
                {
                    _duplicate = field;
                }

                _seen |= bit;
            }

            switch (field)
            {
                case Field.RuleType: RuleType ??= StringOrEmpty(field, ref reader); break;
                case Field.Type: Type ??= StringOrEmpty(field, ref reader); break;
                case Field.AlertId: AlertId ??= StringOrEmpty(field, ref reader); break;
                case Field.Id: Id ??= StringOrEmpty(field, ref reader); break;
                case Field.EventType: EventType ??= StringOrEmpty(field, ref reader); break;
                case Field.ClientId: ClientId ??= StringOrEmpty(field, ref reader); break;
                case Field.Payload: HasPayload |= reader.TokenType == JsonTokenType.StartObject; reader.Skip(); break;
                case Field.Data: HasData |= reader.TokenType == JsonTokenType.StartObject; reader.Skip(); break;
                default: reader.Skip(); break;
            }
        }

        // A non-string value (a number, null, an object) counts as present but empty, so it is reported precisely.
        // The reader validates structure but not the text of a string: decoding a lone surrogate escape or invalid
        // UTF-8 throws InvalidOperationException, which is this body's fault, not the service's.
        private string StringOrEmpty(Field field, ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return string.Empty;
            }

            try
            {
                return reader.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException)
            {
                if (_malformed == Field.Other)
                {
                    _malformed = field;
                }

                return string.Empty;
            }
        }

        private static string NameOf(Field field) => field switch
        {
            Field.RuleType => "RuleType",
            Field.Type => "Type",
            Field.AlertId => "AlertId",
            Field.Id => "id",
            Field.EventType => "eventType",
            Field.Payload => "payload",
            Field.ClientId => "ClientId",
            _ => "Data",
        };
    }

    /// <summary>Names the property under the reader, ignoring case, without allocating for unescaped names.</summary>
    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        const int longest = 9; // "eventtype"
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            // A name that cannot be decoded (a lone surrogate escape) cannot spell an identifying key, which is
            // ASCII: it is other content, kept byte-exact like the rest of the body.
            try
            {
                return FieldOf(System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty));
            }
            catch (InvalidOperationException)
            {
                return Field.Other;
            }
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
