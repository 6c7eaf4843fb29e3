using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodatAlerts.Simulator.Cli;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Tests.Fakes;

namespace CodatAlerts.Simulator.Tests.Cli;

/// <summary>
/// <c>--client-secret</c>: signed alerts for several clients, each signed with its own client's secret, with or
/// without <c>X-Codat-ClientId</c> (so a receiver must tell the clients apart by their signature).
/// </summary>
public sealed class ClientSecretTests
{
    private const string ClientOne = "11111111-1111-4111-8111-111111111111";
    private const string ClientTwo = "22222222-2222-4222-8222-222222222222";
    private const string SecretOne = "whsec_LbaCF0SpVBVvPY1amqxPLvlrKpxgT+8U6TaJ2atNyAo=";
    private const string SecretTwo = "whsec_iHwH0Gxaj41R2MGq67K5wGw2ss9mei4VE+KUFxwA880=";

    [Fact]
    public async Task Each_alert_is_signed_with_its_own_clients_secret_and_carries_no_client_header()
    {
        // Arrange
        using var server = ScriptedServer.Start();

        // Act
        var (exitCode, _, error) = await RunAsync(
            "send", "--url", server.Url.ToString(), "--mode", "Signed", "--no-client-header",
            "--client-secret", $"{ClientOne}={SecretOne}", "--client-secret", $"{ClientTwo}={SecretTwo}",
            "--count", "40", "--rule-type", "03-data-sync-completed", "--concurrency", "4", "--json");

        // Assert: a legacy body names its client, so each request's signer can be checked against it.
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(40, server.Requests.Count);
        Assert.All(server.Requests, request =>
        {
            Assert.Null(request.Header("X-Codat-ClientId"));
            var client = JsonNode.Parse(request.Body)!["ClientId"]!.GetValue<string>();
            var (own, other) = client == ClientOne ? (SecretOne, SecretTwo) : (SecretTwo, SecretOne);
            Assert.True(Verifies(own, request), $"not signed with {client}'s secret");
            Assert.False(Verifies(other, request), "signed with the other client's secret");
        });
        Assert.Equal(2, server.Requests.Select(r => JsonNode.Parse(r.Body)!["ClientId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Without_no_client_header_each_alert_also_names_its_client_in_the_header()
    {
        // Arrange
        using var server = ScriptedServer.Start();

        // Act
        var (exitCode, _, error) = await RunAsync(
            "send", "--url", server.Url.ToString(), "--mode", "Signed",
            "--client-secret", $"{ClientOne}={SecretOne}", "--count", "3", "--json");

        // Assert
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.All(server.Requests, request =>
        {
            Assert.Equal(ClientOne, request.Header("X-Codat-ClientId"));
            Assert.True(Verifies(SecretOne, request));
        });
    }

    [Theory]
    [InlineData("--client-secret", "no-equals-sign")]
    [InlineData("--client-secret", "client=not-base64!")]
    [InlineData("--client-secret", "=whsec_LbaCF0SpVBVvPY1amqxPLvlrKpxgT+8U6TaJ2atNyAo=")]
    [InlineData("--signing-secret", SecretTwo)]
    [InlineData("--clients", "3")]
    [InlineData("--client-id", ClientTwo)]
    [InlineData("--client-secret", ClientOne + "=" + SecretTwo)]
    public async Task A_client_secret_that_is_malformed_repeated_or_combined_with_other_client_options_is_refused(string option, string value)
    {
        // Arrange
        using var server = ScriptedServer.Start();

        // Act
        var (exitCode, _, error) = await RunAsync(
            "send", "--url", server.Url.ToString(), "--mode", "Signed", "--client-secret", $"{ClientOne}={SecretOne}", option, value);

        // Assert
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.DoesNotContain(SecretOne["whsec_".Length..], error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_client_secret_in_legacy_mode_is_refused()
    {
        // Arrange
        using var server = ScriptedServer.Start();

        // Act
        var (exitCode, _, error) = await RunAsync("send", "--url", server.Url.ToString(), "--client-secret", $"{ClientOne}={SecretOne}");

        // Assert
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--mode Signed only", error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    private static bool Verifies(string secret, RecordedRequest request) =>
        new StandardWebhookSigner(secret).Verifies(
            request.Header("webhook-id")!,
            long.Parse(request.Header("webhook-timestamp")!, System.Globalization.CultureInfo.InvariantCulture),
            request.Body,
            request.Header("webhook-signature")!);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SimulatorCommand.Create(TimeProvider.System).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
