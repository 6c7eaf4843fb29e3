using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;

namespace CodatAlerts.Tests.Functions;

/// <summary>A <c>webhook-signature</c> header may list several signatures (key rotation); only a right one admits.</summary>
public sealed class ReceiveAlertSignatureTests
{
    private const string ClientB = "5c7c2b2e-91d4-4a35-8a39-0d7a3e0f6b11";
    private const string SecretB = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string OtherSecret = "whsec_NDihpt2FxxXdciIwXTGG2y0Ai2yp96TnYolUCjMLS00=";

    [Fact]
    public async Task A_header_with_several_signatures_that_are_all_wrong_is_refused_401()
    {
        // Arrange: a stale key's signature, one over another id, one over another body, random bytes, a v2 entry.
        using var host = SignedHost();
        var (body, id, timestamp) = Delivery(host);
        string[] wrong =
        [
            Sign(OtherSecret, id, timestamp, body),
            Sign(SecretB, id + "x", timestamp, body),
            Sign(SecretB, id, timestamp, [.. body, (byte)' ']),
            "v1," + Convert.ToBase64String(new byte[32]),
            "v2," + Sign(SecretB, id, timestamp, body)["v1,".Length..],
        ];

        // Act
        var response = await host.PostAsync(body, CancellationToken.None, Headers(id, timestamp, string.Join(' ', wrong)));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task The_same_header_with_the_right_signature_among_the_wrong_ones_is_accepted()
    {
        // Arrange: the control for the test above, so that it cannot pass for another reason.
        using var host = SignedHost();
        var (body, id, timestamp) = Delivery(host);
        var value = string.Join(' ', Sign(OtherSecret, id, timestamp, body), Sign(SecretB, id, timestamp, body), "v1," + Convert.ToBase64String(new byte[32]));

        // Act
        var response = await host.PostAsync(body, CancellationToken.None, Headers(id, timestamp, value));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, Assert.Single(host.Enqueuer.Enqueued).DedupKey);
    }

    private static IntakeHost SignedHost() => new(new Dictionary<string, string?>
    {
        ["Alerts:Clients:0:ClientId"] = ClientB,
        ["Alerts:Clients:0:SigningSecrets:0"] = SecretB,
    });

    private static (byte[] Body, string Id, string Timestamp) Delivery(IntakeHost host) =>
        (Encoding.UTF8.GetBytes(CodatSamples.WithFreshId(CodatSamples.Events["read-completed"])),
            "msg_" + Guid.NewGuid().ToString("N"),
            host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    private static (string, string)[] Headers(string id, string timestamp, string signature) =>
        [("X-Codat-ClientId", ClientB), ("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature)];

    private static string Sign(string secret, string id, string timestamp, byte[] body)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed));
    }
}
