using CodatAlerts.Processing;

namespace CodatAlerts.Tests.Processing;

public sealed class AlertRecordNameTests
{
    [Theory]
    [InlineData("ca80f4e7-8118-4799-9534-aa82d2f1b814")]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJek")]
    public void Codat_keys_pass_through_readable(string key)
    {
        // Arrange
        const string client = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";

        // Act
        var name = AlertRecordName.For(client, key);

        // Assert
        Assert.Equal($"{client}/{key}.json", name);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b\\c")]
    [InlineData("key with spaces?&#%")]
    [InlineData("ünïcødé-🔑")]
    [InlineData("trailing.")]
    [InlineData("~7E")]
    public void Any_other_key_is_encoded_into_one_safe_segment(string key)
    {
        // Arrange and Act
        var segment = AlertRecordName.Encode(key);

        // Assert
        Assert.Matches("^[A-Za-z0-9_~-]+$", segment);
    }

    [Fact]
    public void Distinct_keys_never_share_a_name()
    {
        // Arrange
        string[] keys = ["a/b", "a~2Fb", "a_b", "a-b", "A/B", "a b", "a+b", "~h00"];

        // Act
        var names = keys.Select(AlertRecordName.Encode).ToList();

        // Assert
        Assert.Equal(keys.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_very_long_key_is_named_by_its_hash_within_the_blob_name_limit()
    {
        // Arrange
        var key = new string('/', 2_000);

        // Act
        var segment = AlertRecordName.Encode(key);

        // Assert
        Assert.StartsWith("~h", segment, StringComparison.Ordinal);
        Assert.Equal(66, segment.Length);
        Assert.NotEqual(segment, AlertRecordName.Encode(key + "/"));
    }

    [Theory]
    [InlineData("", "_")]
    [InlineData("   ", "_")]
    [InlineData("_", "~5F")]
    [InlineData(" BAE71D36-FF47-420A-B4A6-F8C9DDF41140 ", "bae71d36-ff47-420a-b4a6-f8c9ddf41140")]
    public void The_client_segment_is_lower_case_and_keeps_the_no_client_folder_to_itself(string clientId, string expected)
    {
        // Arrange and Act
        var segment = AlertRecordName.ClientSegment(clientId);

        // Assert
        Assert.Equal(expected, segment);
    }
}
