using System.Web;
using CodatAlerts.Queueing;
using CodatAlerts.Replay;

namespace CodatAlerts.Tests.Processing;

public sealed class ReplayRequestTests
{
    [Fact]
    public void An_empty_query_is_a_dry_run_over_every_partition_with_the_default_count()
    {
        // Arrange
        var query = HttpUtility.ParseQueryString(string.Empty);

        // Act
        var parsed = ReplayRequest.TryParse(query, out var request, out _);

        // Assert
        Assert.True(parsed);
        Assert.Equal(new ReplayRequest(null, null, null, ReplayRequest.DefaultMax, DryRun: true), request);
        Assert.Equal(Enumerable.Range(0, AlertPartitions.Count), request.Partitions);
    }

    [Fact]
    public void Every_filter_is_read()
    {
        // Arrange
        var query = HttpUtility.ParseQueryString("?partition=3&clientId=abc&ruleType=SyncFailed&max=25&dryRun=false");

        // Act
        var parsed = ReplayRequest.TryParse(query, out var request, out _);

        // Assert
        Assert.True(parsed);
        Assert.Equal(new ReplayRequest(3, "abc", "SyncFailed", 25, DryRun: false), request);
        Assert.Equal([3], request.Partitions);
    }

    [Fact]
    public void The_function_key_in_the_query_is_left_to_the_host()
    {
        // Arrange: the URL the portal's "Get function URL" gives carries the key as ?code=.
        var query = HttpUtility.ParseQueryString("?code=abc123==&partition=2");

        // Act
        var parsed = ReplayRequest.TryParse(query, out var request, out var error);

        // Assert
        Assert.True(parsed, error);
        Assert.Equal([2], request.Partitions);
    }

    [Fact]
    public void Since_and_until_are_read_as_utc_times_with_their_offset()
    {
        // Arrange: "+" must travel as %2B in a query string.
        var query = HttpUtility.ParseQueryString("?since=2026-03-02T02:00:00Z&until=2026-03-02T04:00:00%2B01:00");

        // Act
        var parsed = ReplayRequest.TryParse(query, out var request, out var error);

        // Assert
        Assert.True(parsed, error);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), request.Since);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero), request.Until);
    }

    [Fact]
    public void The_window_is_the_receipt_time_from_since_inclusive_to_until_exclusive()
    {
        // Arrange
        var two = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
        var request = new ReplayRequest(null, null, null, 10, DryRun: true, Since: two, Until: two.AddHours(1));
        var envelope = CodatAlerts.Tests.Processing.Handlers.EnvelopeBuilder.For("{\"RuleType\":\"Sync Failed\",\"AlertId\":\"a\"}");

        // Act and Assert
        Assert.False(request.Matches(envelope with { ReceivedAt = two.AddTicks(-1) }));
        Assert.True(request.Matches(envelope with { ReceivedAt = two }));
        Assert.True(request.Matches(envelope with { ReceivedAt = two.AddHours(1).AddTicks(-1) }));
        Assert.False(request.Matches(envelope with { ReceivedAt = two.AddHours(1) }));
        Assert.False(request.Matches(null));
    }

    [Theory]
    [InlineData("?since=2026-03-02T02:00:00", "since must be an ISO 8601 time with its offset")]
    [InlineData("?until=yesterday", "until must be")]
    [InlineData("?since=2026-03-02T03:00:00Z&until=2026-03-02T02:00:00Z", "until must be later than since")]
    [InlineData("?partition=8", "partition")]
    [InlineData("?partition=-1", "partition")]
    [InlineData("?max=0", "max")]
    [InlineData("?max=5001", "max")]
    [InlineData("?dryRun=maybe", "dryRun")]
    [InlineData("?client=abc", "Unknown parameter 'client'")]
    public void A_bad_or_misspelt_parameter_is_refused_with_a_reason(string queryString, string expected)
    {
        // Arrange
        var query = HttpUtility.ParseQueryString(queryString);

        // Act
        var parsed = ReplayRequest.TryParse(query, out _, out var error);

        // Assert
        Assert.False(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_that_is_not_an_envelope_matches_only_without_filters()
    {
        // Arrange
        var unfiltered = new ReplayRequest(null, null, null, 10, DryRun: true);
        var filtered = unfiltered with { RuleType = "SyncFailed" };

        // Act and Assert
        Assert.True(unfiltered.Matches(null));
        Assert.False(filtered.Matches(null));
    }
}
