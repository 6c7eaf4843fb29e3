using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CodatAlerts.Testing.Logging;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Tests.Telemetry;

/// <summary>
/// Drives the HTTP function through accepted, refused and failed deliveries with known secrets in the configuration,
/// the headers and the body, recording every log event at Trace level, and asserts none of them carries a secret.
/// </summary>
public sealed class IntakeLogSafetyTests : IDisposable
{
    private const string ClientId = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    private const string ConfiguredToken = "Bearer s3cr3t-0f-the-legacy-sender";
    private const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string WrongToken = "Bearer wr0ng-t0ken-an-attacker-sent";
    private const string SentSignature = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=";
    private const string BodyMarker = "b0dy-marker-that-must-never-be-logged";

    private readonly RecordingLoggerProvider _recording = new();
    private readonly IntakeHost _host;

    public IntakeLogSafetyTests()
    {
        _host = new IntakeHost(
            new Dictionary<string, string?>
            {
                ["Alerts:Clients:0:ClientId"] = ClientId,
                ["Alerts:Clients:0:Authorization:0"] = ConfiguredToken,
                ["Alerts:Clients:0:SigningSecrets:0"] = SigningSecret,
            },
            logging => logging.AddProvider(_recording).SetMinimumLevel(LogLevel.Trace));
    }

    [Fact]
    public async Task No_intake_log_event_carries_a_credential_a_signature_or_the_body()
    {
        // Arrange
        var alert = Alert();
        var timestamp = _host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        // Act: accepted, wrong token, wrong signature, not an alert, and a failed enqueue.
        var statuses = new List<HttpStatusCode>
        {
            await PostAsync(alert, ("X-Codat-ClientId", ClientId), ("Authorization", ConfiguredToken)),
            await PostAsync(alert, ("X-Codat-ClientId", ClientId), ("Authorization", WrongToken)),
            await PostAsync(alert, ("X-Codat-ClientId", ClientId), ("webhook-id", "msg_" + Guid.NewGuid().ToString("N")),
                ("webhook-timestamp", timestamp), ("webhook-signature", SentSignature)),
            await PostAsync($$"""{"note":"{{BodyMarker}}"}""", ("X-Codat-ClientId", ClientId), ("Authorization", ConfiguredToken)),
        };
        _host.Enqueuer.Failure = new InvalidOperationException("storage is down");
        statuses.Add(await PostAsync(Alert(), ("X-Codat-ClientId", ClientId), ("Authorization", ConfiguredToken)));

        // Assert
        Assert.Equal(
            [HttpStatusCode.Accepted, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.ServiceUnavailable],
            statuses);
        Assert.True(_recording.Records.Count >= statuses.Count, "Every delivery should have logged at least once.");
        LogSafetyTests.AssertNoSecretLogged(
            _recording,
            ConfiguredToken, "s3cr3t-0f-the-legacy-sender", SigningSecret, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            WrongToken, "wr0ng-t0ken", SentSignature, "K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN", BodyMarker);
    }

    [Fact]
    public async Task A_malformed_client_id_header_is_never_logged_or_put_in_a_scope()
    {
        // Arrange: a header anyone can send, with characters no client ID has and far longer than any.
        const string Marker = "f0rged-client-id-marker";
        var forged = "evil {\"level\":\"Critical\"} " + Marker + new string('x', 5_000);

        // Act: refused for its form (400) and for its size (413): both before any check could bound it.
        var statuses = new[]
        {
            await PostAsync(Alert(), ("X-Codat-ClientId", forged), ("Authorization", ConfiguredToken)),
            (await _host.PostAsync(new byte[300_000], default, ("X-Codat-ClientId", forged))).StatusCode,
        };

        // Assert
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge], statuses);
        LogSafetyTests.AssertNoSecretLogged(_recording, Marker);
    }

    public void Dispose() => _host.Dispose();

    // A legacy alert whose body carries the marker, so that logging the body would show.
    private static string Alert()
    {
        var alert = JsonNode.Parse(CodatSamples.WithFreshId(CodatSamples.Legacy["06-push-operation-status-changed"]))!.AsObject();
        alert["Note"] = BodyMarker;
        return alert.ToJsonString();
    }

    private async Task<HttpStatusCode> PostAsync(string body, params (string Name, string Value)[] headers) =>
        (await _host.PostAsync(body, headers)).StatusCode;
}
