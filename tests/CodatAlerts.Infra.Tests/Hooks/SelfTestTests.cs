using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodatAlerts.Contract;

namespace CodatAlerts.Infra.Tests.Hooks;

/// <summary>What <c>scripts/self-test.sh</c> (the postdeploy step) sends and how it follows the alert (see <see cref="SelfTestSandbox"/>).</summary>
public sealed class SelfTestTests : IDisposable
{
    private readonly SelfTestSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task It_sends_a_signed_self_test_alert_follows_it_until_completed_and_prints_one_line()
    {
        // Act
        var (exitCode, output, error) = await sandbox.RunAsync(completeAfterPolls: 3);

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.Matches(@"accepted in 123 ms, processed in \d+\.\d s", output);
        Assert.Equal(3, sandbox.InspectorUrls.Count);
        var messageId = sandbox.IntakeHeaders["webhook-id"];
        Assert.All(sandbox.InspectorUrls, url => Assert.Equal($"https://func-codat-test.azurewebsites.net/api/records/_/{messageId}", url));
        Assert.Equal($"Bearer {SelfTestSandbox.AccessToken}", sandbox.InspectorHeaders["Authorization"]);
        Assert.Contains(sandbox.Calls, call => call.Contains($"account get-access-token", StringComparison.Ordinal) && call.Contains($"--resource api://{SelfTestSandbox.OperatorsClientId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_signature_verifies_with_the_signing_secret_and_the_authorization_header_is_the_vaults_value()
    {
        // Act
        await sandbox.RunAsync();

        // Assert: Standard Webhooks, {id}.{timestamp}.{body} with the base64-decoded key after whsec_.
        var headers = sandbox.IntakeHeaders;
        var key = Convert.FromBase64String(SelfTestSandbox.SigningSecret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.{sandbox.IntakeBody}");
        Assert.Equal($"v1,{Convert.ToBase64String(HMACSHA256.HashData(key, signed))}", headers["webhook-signature"]);
        Assert.Equal(SelfTestSandbox.AuthorizationValue, headers["Authorization"]);
    }

    [Fact]
    public async Task The_test_alert_is_a_legacy_alert_of_the_reserved_rule_type_that_no_handler_knows()
    {
        // Act
        await sandbox.RunAsync();

        // Assert: an unknown rule type is parked (AlertDispatcher), so nothing downstream acts on it.
        using var body = JsonDocument.Parse(sandbox.IntakeBody);
        Assert.Equal("CodatAlerts.SelfTest", body.RootElement.GetProperty("RuleType").GetString());
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("AlertId").GetString(), out _));
        Assert.Null(RuleTypes.Resolve("CodatAlerts.SelfTest"));
    }

    [Fact]
    public async Task No_secret_or_token_appears_on_a_command_line_or_in_the_output()
    {
        // Act
        var (_, output, error) = await sandbox.RunAsync();

        // Assert
        string[] secrets = [SelfTestSandbox.AuthorizationValue, SelfTestSandbox.SigningSecret, SelfTestSandbox.AccessToken, sandbox.IntakeHeaders["webhook-signature"]];
        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(sandbox.Calls, call => call.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, output + error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_refused_alert_fails_loudly_with_the_answer_and_is_not_followed()
    {
        // Act
        var (exitCode, _, error) = await sandbox.RunAsync(intakeStatus: 401);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("the intake answered 401", error, StringComparison.Ordinal);
        Assert.Empty(sandbox.InspectorUrls);
    }

    [Fact]
    public async Task A_stuck_alert_fails_loudly_with_the_inspectors_last_answer()
    {
        // Act
        var (exitCode, _, error) = await sandbox.RunAsync(completeAfterPolls: 0);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("not completed within 2 s", error, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Processing\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_alert_a_handler_took_for_real_fails_the_self_test()
    {
        // Act
        var (exitCode, _, error) = await sandbox.RunAsync(outcome: "handled");

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("was not parked", error, StringComparison.Ordinal);
    }
}
