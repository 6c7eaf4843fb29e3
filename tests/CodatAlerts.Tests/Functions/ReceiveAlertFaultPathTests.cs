using System.Net;
using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.Tests.Functions;

/// <summary>
/// Every stage before the enqueue can fail, and the host can cancel at any moment: the answer is still a written 503
/// (or the 202 already earned), never an exception that the host turns into a 500, which the legacy sender treats
/// as final.
/// </summary>
public sealed class ReceiveAlertFaultPathTests
{
    private static readonly (string, string) ClientA = ("X-Codat-ClientId", IntakeHost.ClientA);
    private static readonly (string, string) TokenA = ("Authorization", IntakeHost.TokenA);

    [Fact]
    public async Task An_invocation_already_cancelled_is_answered_503_with_its_body_written()
    {
        // Arrange: the host cancels (shutdown, time-out) before the body is read.
        using var host = IntakeHost.WithClientA();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Act
        var response = await host.PostAsync(Body(), cancelled.Token, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Header("Retry-After"));
        Assert.Contains("urn:codat-alerts:problem:", response.ReadBody(), StringComparison.Ordinal);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task An_invocation_cancelled_once_the_alert_is_stored_still_answers_202_with_its_body()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();
        using var invocation = new CancellationTokenSource();
        host.Enqueuer.AfterEnqueue = invocation.Cancel;

        // Act
        var response = await host.PostAsync(Body(), invocation.Token, ClientA, TokenA);

        // Assert
        Assert.True(invocation.IsCancellationRequested);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains(Assert.Single(host.Enqueuer.Enqueued).IngestionId, response.ReadBody(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_is_written_even_under_a_cancelled_invocation()
    {
        // Arrange: a 401 decided before the cancellation is noticed must still reach the sender.
        using var host = IntakeHost.WithClientA();
        using var invocation = new CancellationTokenSource();
        var request = new CancelOnReadStream(Body(), invocation);

        // Act
        var response = await host.PostAsync(request, invocation.Token, ClientA, ("Authorization", "Bearer wrong"));

        // Assert
        Assert.True(invocation.IsCancellationRequested);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("urn:codat-alerts:problem:", response.ReadBody(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authenticator_that_throws_is_answered_503_not_500()
    {
        // Arrange
        using var host = new IntakeHost(
            new Dictionary<string, string?> { ["Alerts:Clients:0:ClientId"] = IntakeHost.ClientA, ["Alerts:Clients:0:Authorization:0"] = IntakeHost.TokenA },
            replace: services => services.AddSingleton<IAlertAuthenticator, ThrowingAuthenticator>());

        // Act
        var response = await host.PostAsync(Body(), CancellationToken.None, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Header("Retry-After"));
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Theory]
    [InlineData(CodatHeaders.ClientId)]       // before anything: the claimed client ID for telemetry
    [InlineData(CodatHeaders.ContentLength)]  // reading the body
    [InlineData(CodatHeaders.WebhookId)]      // classification: the dedup key's first source
    public async Task A_stage_that_throws_before_the_enqueue_is_answered_503_not_500(string failingHeader)
    {
        // Arrange
        using var host = IntakeHost.WithClientA();
        var intake = host.Services.GetRequiredService<AlertIntake>();
        var headers = new ThrowingHeaders(failingHeader, (CodatHeaders.ClientId, IntakeHost.ClientA), ("Authorization", IntakeHost.TokenA));

        // Act
        var result = await intake.AcceptAsync(new AlertRequest(new MemoryStream(Body()), headers), CancellationToken.None);

        // Assert
        Assert.Equal(503, result.StatusCode);
        Assert.Equal("unexpected-error", result.Reason);
        Assert.NotNull(result.RetryAfter);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task A_body_stream_that_fails_is_answered_503_not_500()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(new FailingStream(), CancellationToken.None, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    private static byte[] Body() =>
        System.Text.Encoding.UTF8.GetBytes(CodatSamples.WithFreshId(CodatSamples.Legacy["03-data-sync-completed"]));

    private sealed class ThrowingAuthenticator : IAlertAuthenticator
    {
        public AuthenticationResult Authenticate(string? clientId, IRequestHeaders headers, ReadOnlySpan<byte> body) =>
            throw new InvalidOperationException("Injected: the authenticator has a bug.");
    }

    private sealed class ThrowingHeaders(string failing, params (string Name, string Value)[] values) : IRequestHeaders
    {
        public IReadOnlyList<string> GetValues(string name) =>
            string.Equals(name, failing, StringComparison.OrdinalIgnoreCase)
                ? throw new InvalidOperationException($"Injected: reading {name} failed.")
                : [.. values.Where(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).Select(v => v.Value)];
    }

    /// <summary>A body that the host cancels while it is being read, after the last byte arrived.</summary>
    private sealed class CancelOnReadStream(byte[] body, CancellationTokenSource invocation) : MemoryStream(body)
    {
        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            if (read == 0)
            {
                invocation.Cancel();
            }

            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, CancellationToken.None);
            if (read == 0)
            {
                await invocation.CancelAsync();
            }

            return read;
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override int Read(Span<byte> buffer) => throw new IOException("Injected: the connection broke.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("Injected: the connection broke.");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new IOException("Injected: the connection broke.");
    }
}
