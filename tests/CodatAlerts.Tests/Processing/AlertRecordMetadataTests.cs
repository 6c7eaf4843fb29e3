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

    [Theory]
    [InlineData("é", 1_000)]
    [InlineData("😀", 300)]
    [InlineData(" ", 1_000)]
    public void Text_shorter_than_the_limit_in_characters_but_longer_once_encoded_is_cut(string character, int count)
    {
        // Guard: the short path is judged by the encoded length, not the character count.
        var text = string.Concat(Enumerable.Repeat(character, count));

        // Act
        var value = AlertRecordMetadata.Text(text);

        // Assert
        Assert.InRange(Encoding.UTF8.GetByteCount(value), 1, AlertRecordMetadata.MaxTextBytes);
        Assert.StartsWith(Uri.UnescapeDataString(value), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("a b", "a%20b")]
    public void A_short_token_is_stored_percent_encoded(string token, string stored) =>
        Assert.Equal(stored, AlertRecordMetadata.Token(token));

    [Fact]
    public void A_token_too_long_to_store_is_stored_as_its_hash_and_still_compares_equal_to_itself()
    {
        // Arrange
        var token = string.Concat(Enumerable.Repeat("😀", 100));

        // Act
        var stored = AlertRecordMetadata.Token(token);

        // Assert
        Assert.InRange(stored.Length, 1, AlertRecordMetadata.MaxTokenBytes);
        Assert.Equal(stored, AlertRecordMetadata.Token(token));
        Assert.NotEqual(stored, AlertRecordMetadata.Token(token + "x"));
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

        // The claim's token, a retry's carrier and the notes written after a claim closes.
        metadata[AlertRecordMetadata.ClaimToken] = AlertRecordMetadata.Token(new string('~', 10_000));
        metadata[AlertRecordMetadata.Carrier] = AlertRecordMetadata.Token(string.Concat(Enumerable.Repeat("😀", 10_000)));
        metadata[AlertRecordMetadata.Abandoned] = int.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata[AlertRecordMetadata.PoisonWritten] = "1";

        // Room for one more field of up to 256 bytes (the client-id source is planned).
        metadata["reserved-for-one-more-field"] = new string('x', 256);

        // Act
        var size = AlertRecordMetadata.Size(metadata);

        // Assert
        Assert.InRange(size, 0, AlertRecordMetadata.MaxTotalBytes);
    }
}
