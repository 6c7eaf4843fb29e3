using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CodatAlerts.Processing;

namespace CodatAlerts.Records;

/// <summary>
/// The inspector's JSON (camelCase, indented for a terminal). Written by hand because the archived body goes in as
/// itself: raw JSON when it is valid UTF-8 JSON, base64 otherwise, never re-serialised.
/// </summary>
public static class RecordsJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static string Lookup(AlertRecordView record, BinaryData? body)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(writer =>
        {
            writer.WriteStartObject();
            WriteRecord(writer, record);
            if (body is not null)
            {
                WriteBody(writer, body);
            }

            writer.WriteEndObject();
        });
    }

    public static string List(RecordListPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", page.Records.Count);
            writer.WriteNumber("scanned", page.Scanned);
            writer.WriteString("continuation", page.Continuation);
            writer.WriteStartArray("records");
            foreach (var record in page.Records)
            {
                writer.WriteStartObject();
                WriteRecord(writer, record);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static string Rerun(RerunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("dryRun", result.DryRun);
            writer.WriteString("previousState", result.PreviousState is { } state ? AlertRecordMetadata.Format(state) : null);
            writer.WriteBoolean("enqueued", result.MessageId is not null);
            writer.WriteString("queue", result.Queue);
            writer.WriteString("ingestionId", result.IngestionId);
            writer.WriteString("messageId", result.MessageId);
            if (result.Reason is not null)
            {
                writer.WriteString("error", result.Reason);
            }

            writer.WriteEndObject();
        });
    }

    public static string Error(string error) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("error", error);
        writer.WriteEndObject();
    });

    private static void WriteRecord(Utf8JsonWriter writer, AlertRecordView record)
    {
        writer.WriteString("clientId", record.ClientId);
        writer.WriteString("dedupKey", record.DedupKey);
        writer.WriteString("state", AlertRecordMetadata.Format(record.State));
        writer.WriteString("outcome", record.Outcome);
        writer.WriteString("reason", record.Reason);
        writer.WriteString("lastError", record.LastError);
        writer.WriteNumber("attempts", record.Attempts);
        WriteTime(writer, "receivedAt", record.ReceivedAt);
        WriteTime(writer, "firstClaimedAt", record.FirstClaimedAt);
        WriteTime(writer, "updatedAt", record.UpdatedAt);
        WriteTime(writer, "leaseUntil", record.LeaseUntil);
        if (record.Partition is { } partition)
        {
            writer.WriteNumber("partition", partition);
        }
        else
        {
            writer.WriteNull("partition");
        }

        writer.WriteString("ruleType", record.RuleType);
        writer.WriteString("delivery", record.Delivery);
        writer.WriteString("clientIdSource", record.ClientIdSource);
        writer.WriteStartArray("ingestionIds");
        foreach (var id in record.IngestionIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteString("claimedBy", record.ClaimedBy);
        writer.WriteString("traceId", record.TraceId);
    }

    private static void WriteBody(Utf8JsonWriter writer, BinaryData body)
    {
        var bytes = body.ToMemory();
        if (IsJson(bytes.Span))
        {
            writer.WritePropertyName("body");
            writer.WriteRawValue(bytes.Span, skipInputValidation: true); // Validated just above, UTF-8 included.
        }
        else
        {
            writer.WriteBase64String("bodyBase64", bytes.Span);
        }
    }

    private static bool IsJson(ReadOnlySpan<byte> bytes)
    {
        // The reader does not check UTF-8 inside strings, and the response is text: an invalid sequence would come out
        // as U+FFFD, an altered body (exactly the alerts poisoned for it). Such a body goes out as base64 instead.
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
            }

            return bytes.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value.ToUniversalTime());
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
