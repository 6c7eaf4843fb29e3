using CodatAlerts.Simulator.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.Simulator.Tests.Delivery;

public sealed class LegacyRetryPolicyTests
{
    private static readonly int[] CodatRetriedCodes = [408, 420, 429, 460, 502, 503, 504, 522, 524];

    private readonly FakeTimeProvider _clock = new();

    [Theory]
    [InlineData(408)]
    [InlineData(420)]
    [InlineData(429)]
    [InlineData(460)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(522)]
    [InlineData(524)]
    public void A_listed_transient_status_is_retried_after_the_first_interval(int status)
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(status, retryAfter: null, retriesMade: 0, elapsed: TimeSpan.Zero);

        // Assert
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(15)), decision);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(505)]
    [InlineData(521)]
    [InlineData(523)]
    [InlineData(302)]
    public void Any_other_status_is_final(int status)
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(status, retryAfter: "1", retriesMade: 0, elapsed: TimeSpan.Zero);

        // Assert
        Assert.Equal(RetryDecision.GiveUp(GiveUpReason.FinalStatus), decision);
    }

    [Fact]
    public void Exactly_the_nine_codes_of_Codat_table_are_retried_among_all_statuses()
    {
        // Arrange
        var everyStatus = Enumerable.Range(100, 500);

        // Act
        var retried = everyStatus.Where(LegacyRetryPolicy.IsRetried);

        // Assert
        Assert.Equal(CodatRetriedCodes, retried);
    }

    [Fact]
    public void No_answer_at_all_is_retried_like_a_timeout()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(statusCode: null, retryAfter: null, retriesMade: 0, elapsed: TimeSpan.FromSeconds(3));

        // Assert
        Assert.True(decision.Retries);
    }

    [Fact]
    public void The_interval_grows_with_each_retry_and_stops_at_sixty_seconds()
    {
        // Arrange
        var retries = Enumerable.Range(1, 5);

        // Act
        var intervals = retries.Select(LegacyRetryPolicy.Interval).Select(i => i.TotalSeconds);

        // Assert
        Assert.Equal([15, 30, 60, 60, 60], intervals);
    }

    [Fact]
    public void The_fourth_failure_is_final_because_only_three_retries_are_made()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var afterThirdRetry = policy.Decide(503, retryAfter: null, retriesMade: 3, elapsed: TimeSpan.FromSeconds(105));

        // Assert
        Assert.Equal(RetryDecision.GiveUp(GiveUpReason.RetriesExhausted), afterThirdRetry);
    }

    [Fact]
    public void Retry_after_in_seconds_overrides_the_interval()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(429, retryAfter: "90", retriesMade: 0, elapsed: TimeSpan.Zero);

        // Assert
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(90)), decision);
    }

    [Fact]
    public void Retry_after_as_an_http_date_is_read_relative_to_the_clock()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(new FakeTimeProvider(new DateTimeOffset(2015, 10, 21, 7, 27, 15, TimeSpan.Zero)));

        // Act
        var decision = policy.Decide(503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT", retriesMade: 1, elapsed: TimeSpan.FromSeconds(20));

        // Assert
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(45)), decision);
    }

    [Fact]
    public void Retry_after_with_a_date_already_past_means_retry_at_once()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(new FakeTimeProvider(new DateTimeOffset(2015, 10, 21, 8, 0, 0, TimeSpan.Zero)));

        // Act
        var delay = policy.RetryAfterDelay("Wed, 21 Oct 2015 07:28:00 GMT");

        // Assert
        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("")]
    public void An_unreadable_retry_after_leaves_the_regular_interval(string retryAfter)
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(503, retryAfter, retriesMade: 1, elapsed: TimeSpan.FromSeconds(16));

        // Assert
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(30)), decision);
    }

    [Fact]
    public void A_retry_that_would_fall_after_two_minutes_is_not_made()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(503, retryAfter: null, retriesMade: 1, elapsed: TimeSpan.FromSeconds(91));

        // Assert
        Assert.Equal(RetryDecision.GiveUp(GiveUpReason.WindowExceeded), decision);
    }

    [Fact]
    public void A_retry_landing_exactly_on_the_two_minute_mark_is_still_made()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(503, retryAfter: null, retriesMade: 2, elapsed: TimeSpan.FromSeconds(60));

        // Assert
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(60)), decision);
    }

    [Fact]
    public void A_retry_after_longer_than_the_window_ends_the_delivery()
    {
        // Arrange
        var policy = new LegacyRetryPolicy(_clock);

        // Act
        var decision = policy.Decide(503, retryAfter: "180", retriesMade: 0, elapsed: TimeSpan.Zero);

        // Assert
        Assert.Equal(RetryDecision.GiveUp(GiveUpReason.WindowExceeded), decision);
    }
}
