using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Tests.Fakes;

namespace CodatAlerts.Simulator.Tests.Delivery;

/// <summary>Legacy delivery over the wire, against a scripted server, with waits driven by a fake clock.</summary>
public sealed class LegacyDeliveryTests
{
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
    public async Task A_listed_transient_status_is_retried_and_the_retry_delivers(int status)
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.Status(status), ScriptedAnswer.Status(202));
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.True(result.Delivered);
        Assert.Equal([status, 202], result.Attempts.Select(a => a.StatusCode!.Value));
        Assert.Equal([TimeSpan.FromSeconds(15)], result.Waits);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(505)]
    public async Task Any_other_status_loses_the_alert_without_a_retry(int status)
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.Status(status));
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.Equal(GiveUpReason.FinalStatus, result.LostBecause);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_gets_three_retries_at_growing_intervals_then_the_alert_is_lost()
    {
        // Arrange
        using var server = ScriptedServer.Start(Enumerable.Repeat(ScriptedAnswer.Status(503), 10).ToArray());
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.Equal(GiveUpReason.RetriesExhausted, result.LostBecause);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal([15, 30, 60], result.Waits.Select(w => w.TotalSeconds));
        Assert.Equal([15, 30, 60], harness.Clock.AdvancedWaits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task Retry_after_in_seconds_sets_the_wait()
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.RetryAfter(503, "42"), ScriptedAnswer.Status(202));
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.True(result.Delivered);
        Assert.Equal([TimeSpan.FromSeconds(42)], harness.Clock.AdvancedWaits);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_sets_the_wait_until_that_date()
    {
        // Arrange
        var clockStart = new TestClock().GetUtcNow();
        using var server = ScriptedServer.Start(ScriptedAnswer.RetryAfter(429, clockStart.AddSeconds(45).ToString("r")), ScriptedAnswer.Status(202));
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.True(result.Delivered);
        Assert.Equal([TimeSpan.FromSeconds(45)], harness.Clock.AdvancedWaits);
    }

    [Fact]
    public async Task Retries_stop_at_the_two_minute_window_even_with_retries_left()
    {
        // Arrange: each answer asks for 50 s, so a third retry would come at 150 s.
        using var server = ScriptedServer.Start(Enumerable.Repeat(ScriptedAnswer.RetryAfter(503, "50"), 5).ToArray());
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.Equal(GiveUpReason.WindowExceeded, result.LostBecause);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([50, 50], result.Waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task A_redirect_is_followed_with_the_same_request_and_never_cached()
    {
        // Arrange
        using var server = ScriptedServer.Start(
            ScriptedAnswer.Redirect(307, "/moved"), ScriptedAnswer.Status(202),
            ScriptedAnswer.Redirect(301, "/moved"), ScriptedAnswer.Status(202));
        using var harness = new SenderHarness(server, DeliveryMode.Legacy, authorization: "Bearer abc");
        var first = harness.NewAlert();

        // Act
        var firstResult = await harness.DeliverAsync(first);
        var secondResult = await harness.DeliverAsync();

        // Assert
        Assert.True(firstResult.Delivered && secondResult.Delivered);
        Assert.Equal(["/alerts", "/moved", "/alerts", "/moved"], server.Requests.Select(r => r.Path));
        var redirected = server.Requests[1];
        Assert.Equal("POST", redirected.Method);
        Assert.Equal(first.Body.ToArray(), redirected.Body);
        Assert.Equal("Bearer abc", redirected.Header("Authorization"));
        Assert.Equal(1, firstResult.Attempts.Single().Redirects);
    }

    [Fact]
    public async Task A_redirect_without_a_location_is_final()
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.Status(302));
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.Equal(GiveUpReason.FinalStatus, result.LostBecause);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_legacy_request_carries_the_client_id_and_authorization_and_no_signature()
    {
        // Arrange
        using var server = ScriptedServer.Start();
        using var harness = new SenderHarness(server, DeliveryMode.Legacy, authorization: "Basic dTpw");
        var alert = harness.NewAlert();

        // Act
        await harness.DeliverAsync(alert);

        // Assert
        var request = server.Requests.Single();
        Assert.Equal(alert.ClientId, request.Header("X-Codat-ClientId"));
        Assert.Equal("Basic dTpw", request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Null(request.Header("webhook-id"));
        Assert.Null(request.Header("webhook-signature"));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_like_a_timeout_and_counted_as_no_answer()
    {
        // Arrange
        var server = ScriptedServer.Start();
        using var harness = new SenderHarness(server, DeliveryMode.Legacy);
        server.Dispose();

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.Equal(GiveUpReason.RetriesExhausted, result.LostBecause);
        Assert.All(result.Attempts, a => Assert.Equal(NoAnswer.ConnectionFailed, a.NoAnswer));
        Assert.Equal(4, harness.Statistics.Snapshot().ConnectionFailures);
    }
}
