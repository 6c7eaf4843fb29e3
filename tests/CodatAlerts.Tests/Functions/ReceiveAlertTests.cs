using System.Text;
using System.Net;
using System.Text.Json;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;

namespace CodatAlerts.Tests.Functions;

/// <summary>One test per row of the README's status-code table, through the function class.</summary>
public sealed class ReceiveAlertTests
{
    private static readonly (string, string) ClientA = ("X-Codat-ClientId", IntakeHost.ClientA);
    private static readonly (string, string) TokenA = ("Authorization", IntakeHost.TokenA);

    [Fact]
    public async Task Returns_202_with_the_ingestion_id_dedup_key_and_partition_once_enqueued()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();
        var body = CodatSamples.Legacy["06-push-operation-status-changed"];

        // Act
        var response = await host.PostAsync(body, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        var envelope = Assert.Single(host.Enqueuer.Enqueued);
        var json = JsonSerializer.Deserialize<JsonElement>(response.ReadBody());
        Assert.Equal(envelope.IngestionId, json.GetProperty("ingestionId").GetString());
        Assert.Equal("8c91eb2c-11a5-4577-90c0-18e764c755e1", json.GetProperty("dedupKey").GetString());
        Assert.Equal(PartitionRouter.HashPartition(IntakeHost.ClientA), json.GetProperty("partition").GetInt32());
        Assert.Equal("PushOperationStatusChanged", envelope.RuleType);
        Assert.Equal(Encoding.UTF8.GetBytes(body), envelope.Body);
        Assert.Equal(host.Clock.GetUtcNow(), envelope.ReceivedAt);
    }

    [Fact]
    public async Task Returns_400_problem_json_for_a_body_that_is_not_an_alert()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync("""{"hello":"world"}""", ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = AssertProblem(response, 400);
        Assert.Equal("Not a Codat alert", problem.GetProperty("title").GetString());
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task Returns_400_for_a_client_id_sent_twice_separately_or_joined_by_the_host(int headers)
    {
        // Arrange: the Functions host joins a repeated header into one comma-separated value.
        using var host = IntakeHost.WithClientA();
        var clientIds = headers == 2
            ? new[] { ClientA, ClientA }
            : [("X-Codat-ClientId", IntakeHost.ClientA + ", " + IntakeHost.ClientA)];

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["10-sync-completed"], [.. clientIds, TokenA]);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:codat-alerts:problem:ambiguous-client-id", AssertProblem(response, 400).GetProperty("type").GetString());
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task Returns_401_with_a_challenge_for_a_wrong_token()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["10-sync-completed"], ClientA, ("Authorization", "Bearer wrong"));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
        AssertProblem(response, 401);
        Assert.DoesNotContain("wrong", response.ReadBody(), StringComparison.Ordinal);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task Returns_401_when_no_credentials_are_configured_at_all()
    {
        // Arrange
        using var host = new IntakeHost(new Dictionary<string, string?>());

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["10-sync-completed"], ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotNull(response.Header("WWW-Authenticate"));
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task Returns_403_for_a_client_that_is_neither_listed_nor_covered_by_a_default()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(
            CodatSamples.Legacy["10-sync-completed"], ("X-Codat-ClientId", "30e0f9d2-52c0-4c9f-a806-bcd98a3bcd7e"), TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertProblem(response, 403);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task Returns_413_for_a_body_over_the_cap()
    {
        // Arrange
        using var host = IntakeHost.WithClientA(("Alerts:MaxBodyBytes", "2048"));
        var body = CodatSamples.WithFreshId(CodatSamples.Legacy["10-sync-completed"]).Replace(
            "\"Expense\"", "\"" + new string('x', 4_000) + "\"", StringComparison.Ordinal);

        // Act
        var response = await host.PostAsync(body, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertProblem(response, 413);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task Returns_413_from_the_declared_length_before_reading_the_body()
    {
        // Arrange
        using var host = IntakeHost.WithClientA(("Alerts:MaxBodyBytes", "2048"));

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["10-sync-completed"], ClientA, TokenA, ("Content-Length", "5000000"));

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Returns_503_with_retry_after_when_the_queue_is_unavailable()
    {
        // Arrange
        using var host = IntakeHost.WithClientA(("Alerts:RetryAfterSeconds", "20"));
        host.Enqueuer.Failure = new Azure.RequestFailedException(503, "Server busy");

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["03-data-sync-completed"], ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("20", response.Header("Retry-After"));
        AssertProblem(response, 503);
    }

    [Fact]
    public async Task Returns_503_not_500_when_anything_unexpected_escapes()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();
        host.Enqueuer.Failure = new InvalidOperationException("a bug");

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["03-data-sync-completed"], ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Header("Retry-After"));
    }

    private static JsonElement AssertProblem(Testing.Fakes.TestHttpResponseData response, int status)
    {
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        var problem = JsonSerializer.Deserialize<JsonElement>(response.ReadBody());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:codat-alerts:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
