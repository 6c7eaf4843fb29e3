using System.Text;
using Azure.Storage.Queues;
using CodatAlerts.Functions.Telemetry;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using CodatAlerts.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// No log event may carry an <c>Authorization</c> header value, a signing secret, a signature or a body. Two layers:
/// a rule over every <c>[LoggerMessage]</c> method of the app (what a log event can carry), and captures of real runs
/// with known secrets in the inputs (what it did carry). Extend the captures as paths appear: run the path with
/// <see cref="RecordingLoggerProvider"/> and <see cref="Secrets"/>, then <see cref="AssertNoSecretLogged"/>.
/// </summary>
public sealed class LogSafetyTests
{
    /// <summary>Values that must never appear in any log event.</summary>
    public static readonly IReadOnlyList<string> Secrets =
    [
        "Bearer s3cr3t-0f-the-legacy-sender",
        "s3cr3t-0f-the-legacy-sender",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ];

    [Fact]
    public void No_logger_message_method_of_the_app_takes_a_secret_a_header_value_or_a_body()
    {
        // Arrange
        var methods = LoggerMessageSafety.LogMethods(typeof(AlertMetrics).Assembly, typeof(TelemetryHostBuilderExtensions).Assembly);

        // Act
        var violations = LoggerMessageSafety.Violations(methods);

        // Assert
        Assert.Contains(methods, m => m.Name == nameof(TelemetryLog.QueueDepthSampleFailed));
        Assert.True(violations.Count == 0, "Log methods that could log a secret or a body:\n" + string.Join('\n', violations));
    }

    [Theory]
    [InlineData(nameof(UnsafeLogExamples.AuthorizationReceived), "authorization")]
    [InlineData(nameof(UnsafeLogExamples.SignatureChecked), "signature")]
    [InlineData(nameof(UnsafeLogExamples.AlertRead), "AlertEnvelope")]
    [InlineData(nameof(UnsafeLogExamples.RequestSeen), "IRequestHeaders")]
    [InlineData(nameof(UnsafeLogExamples.ClientLoaded), "ClientCredentialsOptions")]
    public void The_rule_flags_a_log_method_that_could_carry_a_secret_or_a_body(string method, string expected)
    {
        // Arrange
        var unsafeMethod = typeof(UnsafeLogExamples).GetMethod(method)!;

        // Act
        var violations = LoggerMessageSafety.Violations([unsafeMethod]);

        // Assert
        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_queue_sample_logs_neither_the_storage_key_nor_the_request_signature()
    {
        // Arrange: an account key as secret, and a queue endpoint where nothing listens.
        const string accountKey = "c2VjcmV0LXN0b3JhZ2UtYWNjb3VudC1rZXktZm9yLXRoaXMtdGVzdC1vbmx5LTAxMjM0NTY3ODk=";
        var recording = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(recording).SetMinimumLevel(LogLevel.Trace));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new QueueClientOptions();
        options.Retry.MaxRetries = 0;
        var client = new QueueServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={accountKey};QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            options);
        var sampler = new QueueDepthSampler(client, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new FakeTimeProvider(), loggers.CreateLogger<QueueDepthSampler>());

        // Act
        var sample = await sampler.SampleAsync(CancellationToken.None);

        // Assert
        Assert.Empty(sample.Queues);
        Assert.Equal(QueueDepthSampler.SampledQueues.Count, recording.Records.Count(r => r.EventId.Id == 291 && r.Exception is not null));
        AssertNoSecretLogged(recording, accountKey, "SharedKey devstoreaccount1:");
    }

    [Fact]
    public void The_alert_scope_carries_the_alert_identity_and_never_the_body()
    {
        // Arrange: a body that (absurdly) contains every secret.
        var recording = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(recording).SetMinimumLevel(LogLevel.Trace));
        var logger = loggers.CreateLogger("Test");
        var envelope = TestEnvelopes.For(partition: 2) with { Body = Encoding.UTF8.GetBytes(string.Join(" ", Secrets)) };

        // Act
        using (logger.BeginAlertScope(envelope))
        {
            TestLogMessages.Something(logger);
        }

        // Assert
        var record = Assert.Single(recording.Records);
        Assert.Contains(new KeyValuePair<string, string?>("ClientId", envelope.ClientId), record.Scopes);
        Assert.Contains(new KeyValuePair<string, string?>("DedupKey", envelope.DedupKey), record.Scopes);
        Assert.Contains(new KeyValuePair<string, string?>("RuleType", envelope.RuleType), record.Scopes);
        Assert.Contains(new KeyValuePair<string, string?>("Partition", "02"), record.Scopes);
        AssertNoSecretLogged(recording);
    }

    [Fact]
    public void The_recording_provider_catches_a_secret_in_a_message_a_value_a_scope_or_an_exception()
    {
        // Arrange: proof that the capture assertion can fail, whichever part of an event carries the secret.
        var recording = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(recording).SetMinimumLevel(LogLevel.Trace));
        var logger = loggers.CreateLogger("Test");
        var secret = Secrets[0];

        // Act
        TestLogMessages.Value(logger, secret);
        using (logger.BeginScope(new Dictionary<string, object?> { ["Header"] = secret }))
        {
            TestLogMessages.Something(logger);
        }

        TestLogMessages.Failure(logger, new InvalidOperationException(secret));

        // Assert
        Assert.Equal(3, recording.Containing(secret).Count);
    }

    /// <summary>Fails when any recorded event carries one of <see cref="Secrets"/> or of <paramref name="more"/>.</summary>
    internal static void AssertNoSecretLogged(RecordingLoggerProvider recording, params string[] more)
    {
        var leaks = Secrets.Concat(more)
            .SelectMany(secret => recording.Containing(secret).Select(r => $"[{r.EventId}] {r.Message}"))
            .ToList();
        Assert.True(leaks.Count == 0, "Log events carrying a secret:\n" + string.Join('\n', leaks));
    }
}
