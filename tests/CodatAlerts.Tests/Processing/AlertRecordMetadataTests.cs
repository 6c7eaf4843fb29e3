using System.Text;
using CodatAlerts.Processing;

namespace CodatAlerts.Tests.Processing;

public sealed class AlertRecordMetadataTests
{
    public static TheoryData<string> LongTexts() =>
    [
        new string('a', 50_000),
        string.Concat(Enumerable.Repeat("é", 50_000)),
        string.Concat(Enumerable.Repeat("😀", 50_000)),
        string.Concat(Enumerable.Repeat("a😀", 50_000)),
    ];

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void Free_text_is_cut_by_encoded_bytes_on_a_character_boundary(string text)
    {
        // Act
        var value = AlertRecordMetadata.Text(text);

        // Assert
        Assert.InRange(Encoding.UTF8.GetByteCount(value), AlertRecordMetadata.MaxTextBytes - 12, AlertRecordMetadata.MaxTextBytes);
        Assert.StartsWith(Uri.UnescapeDataString(value), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_free_text_value_at_its_worst_and_the_fixed_values_stay_within_the_services_8_KiB()
    {
        // Arrange: every key a record can carry, free text at its worst (4-byte characters, 12 bytes encoded).
        var worst = AlertRecordMetadata.Text(string.Concat(Enumerable.Repeat("😀", 10_000)));
        var time = AlertRecordMetadata.Format(DateTimeOffset.MaxValue);
        var metadata = AlertRecordMetadata.TextKeys.ToDictionary(key => key, _ => worst);
        foreach (var key in new[] { AlertRecordMetadata.State, AlertRecordMetadata.LeaseFor, AlertRecordMetadata.Attempts, AlertRecordMetadata.OwnerDequeue, AlertRecordMetadata.Outcome, AlertRecordMetadata.Partition })
        {
            metadata[key] = long.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var key in new[] { AlertRecordMetadata.ReceivedAt, AlertRecordMetadata.UpdatedAt, AlertRecordMetadata.FirstFailedAt })
        {
            metadata[key] = time;
        }

        // Room for one more field of up to 256 bytes (the client-id source is planned).
        metadata["reserved-for-one-more-field"] = new string('x', 256);

        // Act
        var size = AlertRecordMetadata.Size(metadata);

        // Assert
        Assert.InRange(size, 0, AlertRecordMetadata.MaxTotalBytes);
    }
}
