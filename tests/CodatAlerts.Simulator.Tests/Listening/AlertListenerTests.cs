using System.Net;
using System.Net.Sockets;
using System.Text;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Listening;
using CodatAlerts.Simulator.Output;

namespace CodatAlerts.Simulator.Tests.Listening;

public sealed class AlertListenerTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task Listen_prints_the_alert_with_secrets_masked_checks_the_signature_and_answers_the_scripted_status()
    {
        // Arrange
        var prefix = $"http://127.0.0.1:{FreePort()}/";
        using var printed = new StringWriter();
        var signer = new StandardWebhookSigner(Secret);
        var listener = new AlertListener(new ListenerSettings(prefix, 503, signer, Brief: false), new ConsoleOutput(printed, TextWriter.Null));
        using var stop = new CancellationTokenSource();
        var listening = listener.RunAsync(stop.Token);
        var body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
        using var request = new HttpRequestMessage(HttpMethod.Post, prefix + "api/alerts?code=function-key") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer top-secret");
        request.Headers.Add("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek");
        request.Headers.Add("webhook-timestamp", "1614265330");
        request.Headers.Add("webhook-signature", signer.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
        using var http = new HttpClient();

        // Act
        using var response = await http.SendAsync(request);
        await stop.CancelAsync();
        await listening;

        // Assert
        var text = printed.ToString();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("POST /api/alerts -> 503", text, StringComparison.Ordinal);
        Assert.Contains("signature valid", text, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer ***", text, StringComparison.Ordinal);
        Assert.Contains("webhook-signature: v1,***", text, StringComparison.Ordinal);
        Assert.Contains("{\"test\": 2432232314}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("function-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("g0hM9SsE", text, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
