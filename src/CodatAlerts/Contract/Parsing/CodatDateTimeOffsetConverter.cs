using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodatAlerts.Contract.Parsing;

/// <summary>
/// Reads Codat's ISO 8601 dates (<c>2019-08-24T14:15:22Z</c>, <c>2022-09-08T16:00:13.7714779+00:00</c>). A date
/// without an offset is taken as UTC, as Codat's timestamps are; the default would take the host's local offset.
/// </summary>
internal sealed class CodatDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            // Without a message of ours the serializer writes its own, naming the type, the JSON path and the
            // position but never the value: safe to log and to give as a poison reason.
            throw new JsonException();
        }

        return reader.TryGetDateTime(out var dateTime) && dateTime.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(dateTime, TimeSpan.Zero)
            : value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
