using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Tests.Fakes;

namespace CodatAlerts.Simulator.Tests.Delivery;

/// <summary>Signed delivery over the wire, against a scripted server, with waits driven by a fake clock.</summary>
public sealed class SignedDeliveryTests
{
    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(302)]
    [InlineData(307)]
    public async Task Any_non_2xx_answer_is_retried_after_five_seconds(int status)
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.Redirect(status, "/elsewhere"), ScriptedAnswer.Status(200));
        using var harness = new SenderHarness(server, DeliveryMode.Signed);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.True(result.Delivered);
        Assert.Equal([TimeSpan.FromSeconds(5)], result.Waits);
        Assert.Equal(["/alerts", "/alerts"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_gets_eight_attempts_on_the_compressed_schedule()
    {
        // Arrange
        using var server = ScriptedServer.Start(Enumerable.Repeat(ScriptedAnswer.Status(500), 10).ToArray());
        using var harness = new SenderHarness(server, DeliveryMode.Signed, timeScale: 0.001);

        // Act
        var result = await harness.DeliverAsync();

        // Assert
        Assert.Equal(GiveUpReason.RetriesExhausted, result.LostBecause);
        Assert.Equal(8, server.Requests.Count);
        Assert.Equal(SignedRetrySchedule.Waits.Skip(1), result.Waits);
        Assert.Equal([0.005, 0.3, 1.8, 7.2, 18, 36, 36], harness.Clock.AdvancedWaits.Select(w => Math.Round(w.TotalSeconds, 3)));
    }

    [Fact]
    public async Task An_attempt_unanswered_after_fifteen_seconds_fails_and_is_retried()
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.NoAnswer(), ScriptedAnswer.Status(204));
        using var harness = new SenderHarness(server, DeliveryMode.Signed);
        var delivery = harness.Sender.DeliverAsync(harness.NewAlert(), CancellationToken.None);

        // Act
        await harness.Clock.TimerStartedAsync(TimeSpan.FromSeconds(15));
        await server.NextRequestArrivedAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(15));
        var result = await harness.Clock.RunAsync(delivery, notAWait: TimeSpan.FromSeconds(15));

        // Assert
        Assert.True(result.Delivered);
        Assert.Equal(NoAnswer.Timeout, result.Attempts[0].NoAnswer);
        Assert.Equal(TimeSpan.FromSeconds(15), result.Attempts[0].Duration);
        Assert.Equal(204, result.Attempts[1].StatusCode);
    }

    [Fact]
    public async Task A_signed_request_carries_standard_webhooks_headers_that_verify_independently()
    {
        // Arrange
        using var server = ScriptedServer.Start();
        using var harness = new SenderHarness(server, DeliveryMode.Signed);
        var alert = harness.NewAlert();

        // Act
        await harness.DeliverAsync(alert);

        // Assert
        var request = server.Requests.Single();
        var timestamp = harness.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(alert.MessageId, request.Header("webhook-id"));
        Assert.Equal(timestamp, request.Header("webhook-timestamp"));
        Assert.Equal(ExpectedSignature(alert.MessageId, timestamp, request.Body), request.Header("webhook-signature"));
        Assert.Equal(alert.ClientId, request.Header("X-Codat-ClientId"));
    }

    [Fact]
    public async Task Each_retry_keeps_the_webhook_id_and_body_but_is_signed_again_with_a_new_timestamp()
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.Status(503), ScriptedAnswer.Status(202));
        using var harness = new SenderHarness(server, DeliveryMode.Signed);

        // Act
        await harness.DeliverAsync();

        // Assert
        var (first, retry) = (server.Requests[0], server.Requests[1]);
        Assert.Equal(first.Header("webhook-id"), retry.Header("webhook-id"));
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(long.Parse(first.Header("webhook-timestamp")!, CultureInfo.InvariantCulture) + 5, long.Parse(retry.Header("webhook-timestamp")!, CultureInfo.InvariantCulture));
        Assert.Equal(ExpectedSignature(retry.Header("webhook-id")!, retry.Header("webhook-timestamp")!, retry.Body), retry.Header("webhook-signature"));
    }

    /// <summary>The signature computed here from the specification, not with the code under test.</summary>
    private static string ExpectedSignature(string messageId, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(SenderHarness.SigningSecret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
