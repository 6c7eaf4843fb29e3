using System.Security.Cryptography;
using System.Text;
using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>Credentials, signed requests and authenticators for the authentication tests. No value here is real.</summary>
internal static class TestCredentials
{
    public const string ClientA = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    public const string ClientB = "5c7c2b2e-91d4-4a35-8a39-0d7a3e0f6b11";

    public const string BearerOne = "Bearer token-one-7f3a9c";
    public const string BearerTwo = "Bearer token-two-0b6e21";
    public const string BasicOne = "Basic Y29kYXQ6czNjcmV0LW9uZQ=="; // codat:s3cret-one
    public const string BasicTwo = "Basic Y29kYXQ6czNjcmV0LXR3bw=="; // codat:s3cret-two

    /// <summary>The secret of the published Standard Webhooks test vector (reference §1.4).</summary>
    public const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    public const long VectorTimestamp = 1614265330;
    public const string VectorBody = """{"test": 2432232314}""";
    public const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    public const string OtherSecret = "whsec_NDihpt2FxxXdciIwXTGG2y0Ai2yp96TnYolUCjMLS00=";

    /// <summary>Further secrets, one per client in the tests that tell clients apart by their signature.</summary>
    public static readonly string[] ClientSecrets =
    [
        "whsec_LbaCF0SpVBVvPY1amqxPLvlrKpxgT+8U6TaJ2atNyAo=",
        "whsec_iHwH0Gxaj41R2MGq67K5wGw2ss9mei4VE+KUFxwA880=",
        "whsec_XAhY4rYXwh15Vl/vmI+dtZAZn0E0Y02NDC3Jazf/+iY=",
        "whsec_AjtoF2KeQre9kwiTQx1Udt0jC/wA8eIH8g7Pi33FLtU=",
        "whsec_T7FqCD9D9qQzoFVv+RRV1bl3lJbWG5VIMFSjmILbN2w=",
        "whsec_o1qAUzvEw2Xb3fcdvxJhOb2JCloMtn6vF+eXAG7GtjQ=",
    ];

    public static DateTimeOffset VectorTime => DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    public static byte[] Body { get; } = Encoding.UTF8.GetBytes(VectorBody);

    public static FakeTimeProvider ClockAtVector() => new(VectorTime);

    public static ClientCredentialsOptions Client(
        string? clientId,
        IEnumerable<string>? authorization = null,
        IEnumerable<string>? secrets = null,
        CredentialRequirement require = CredentialRequirement.Any)
    {
        var client = new ClientCredentialsOptions { ClientId = clientId, Require = require };
        foreach (var value in authorization ?? [])
            client.Authorization.Add(value);
        foreach (var secret in secrets ?? [])
            client.SigningSecrets.Add(secret);
        return client;
    }

    public static IntakeOptions OptionsWith(ClientCredentialsOptions? defaultClient, params ClientCredentialsOptions[] clients)
    {
        var options = new IntakeOptions { DefaultClient = defaultClient };
        foreach (var client in clients)
            options.Clients.Add(client);
        return options;
    }

    public static AlertAuthenticator Authenticator(IntakeOptions options, TimeProvider? time = null) =>
        new(Options.Create(options), time ?? ClockAtVector());

    /// <summary>The Standard Webhooks <c>v1</c> signature of a message, computed independently of the code under test.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>Headers of a signed delivery of the vector body with the given signature header and timestamp.</summary>
    public static HeaderBag SignedHeaders(string signature, long timestamp = VectorTimestamp, string id = VectorId) =>
        new HeaderBag()
            .With("webhook-id", id)
            .With("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("webhook-signature", signature);
}
