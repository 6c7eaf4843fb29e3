using System.CommandLine;
using System.Text.Json;
using CodatAlerts.Simulator.Alerts;
using CodatAlerts.Simulator.Cli;
using CodatAlerts.Simulator.Tests.Fakes;

namespace CodatAlerts.Simulator.Tests.Cli;

/// <summary>The <c>send</c> command end to end, as a user runs it, against a scripted server.</summary>
public sealed class SendCommandTests
{
    [Fact]
    public async Task Send_delivers_one_alert_of_every_rule_type_by_default_and_reports_json()
    {
        // Arrange
        using var server = ScriptedServer.Start();

        // Act
        var (exitCode, output, _) = await RunAsync("send", "--url", server.Url.ToString(), "--json", "--concurrency", "8");

        // Assert
        Assert.Equal(ExitCodes.Success, exitCode);
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        Assert.Equal(SampleCatalog.All.Count, root.GetProperty("delivered").GetInt32());
        Assert.Equal(SampleCatalog.All.Count, root.GetProperty("statusCodes").GetProperty("202").GetInt32());
        Assert.Equal(0, root.GetProperty("lost").GetInt32());
        Assert.Equal(SampleCatalog.All.Count, server.Requests.Select(r => r.Body).Select(Convert.ToBase64String).Distinct().Count());
    }

    [Fact]
    public async Task Signed_duplicates_reach_the_receiver_with_the_webhook_id_of_the_original()
    {
        // Arrange
        using var server = ScriptedServer.Start();

        // Act
        var (exitCode, _, _) = await RunAsync(
            "send", "--url", server.Url.ToString(), "--mode", "signed", "--signing-secret", SenderHarness.SigningSecret,
            "--count", "20", "--duplicates", "0.5", "--concurrency", "1", "--json");

        // Assert
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(20, server.Requests.Count);
        Assert.Equal(10, server.Requests.Select(r => r.Header("webhook-id")).Distinct().Count());
        Assert.All(server.Requests.GroupBy(r => r.Header("webhook-id")), sameMessage =>
            Assert.Single(sameMessage.Select(r => Convert.ToBase64String(r.Body)).Distinct()));
    }

    [Fact]
    public async Task Send_exits_with_the_lost_alerts_code_when_the_receiver_refuses_alerts()
    {
        // Arrange
        using var server = ScriptedServer.Start(ScriptedAnswer.Status(400));

        // Act
        var (exitCode, output, _) = await RunAsync("send", "--url", server.Url.ToString(), "--count", "1");

        // Assert
        Assert.Equal(ExitCodes.AlertsLost, exitCode);
        Assert.Contains("lost          1  (finalStatus 1)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mode", "signed")]
    [InlineData("--signing-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("--count", "0")]
    [InlineData("--duplicates", "1")]
    [InlineData("--rule-type", "Invoice paid")]
    [InlineData("--basic", "no-colon")]
    public async Task An_invalid_command_line_is_refused_before_anything_is_sent(string option, string value)
    {
        // Arrange
        using var server = ScriptedServer.Start();

        // Act
        var (exitCode, _, error) = await RunAsync("send", "--url", server.Url.ToString(), option, value);

        // Assert
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.NotEmpty(error);
        Assert.Empty(server.Requests);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SimulatorCommand.Create(TimeProvider.System).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
