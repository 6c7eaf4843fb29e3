using CodatAlerts.Simulator.Delivery;

namespace CodatAlerts.Simulator.Tests.Delivery;

public sealed class SignedRetryScheduleTests
{
    [Fact]
    public void The_schedule_is_immediately_then_5s_5min_30min_2h_5h_10h_10h()
    {
        // Arrange
        string[] expected = ["00:00:00", "00:00:05", "00:05:00", "00:30:00", "02:00:00", "05:00:00", "10:00:00", "10:00:00"];

        // Act
        var waits = SignedRetrySchedule.Waits.Select(w => w.ToString());

        // Assert
        Assert.Equal(expected, waits);
        Assert.Equal(new TimeSpan(27, 35, 5), SignedRetrySchedule.Waits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 300)]
    [InlineData(3, 1_800)]
    [InlineData(4, 7_200)]
    [InlineData(5, 18_000)]
    [InlineData(6, 36_000)]
    [InlineData(7, 36_000)]
    public void After_a_failed_attempt_the_next_one_follows_the_schedule(int attemptsMade, int expectedSeconds)
    {
        // Arrange
        var expected = RetryDecision.After(TimeSpan.FromSeconds(expectedSeconds));

        // Act
        var decision = SignedRetrySchedule.Decide(attemptsMade);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public void The_eighth_failed_attempt_is_the_last()
    {
        // Arrange
        var attemptsMade = SignedRetrySchedule.MaxAttempts;

        // Act
        var decision = SignedRetrySchedule.Decide(attemptsMade);

        // Assert
        Assert.Equal(8, attemptsMade);
        Assert.Equal(RetryDecision.GiveUp(GiveUpReason.RetriesExhausted), decision);
    }

    [Fact]
    public void The_time_scale_compresses_a_wait_proportionally()
    {
        // Arrange
        var scale = new TimeScale(0.001);

        // Act
        var compressed = scale.Apply(TimeSpan.FromHours(10));

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(36), compressed);
    }
}
