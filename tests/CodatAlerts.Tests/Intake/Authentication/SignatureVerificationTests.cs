using System.Text;
using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using Microsoft.Extensions.Time.Testing;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>Standard Webhooks signatures (reference §1.4), as Codat's signed delivery sends them.</summary>
public sealed class SignatureVerificationTests
{
    private static AuthenticationResult Authenticate(HeaderBag headers, string body = VectorBody, int clockSkewSeconds = 0)
    {
        var options = OptionsWith(
            null, Client(ClientA, secrets: [OtherSecret, VectorSecret], require: CredentialRequirement.Signature));
        var clock = new FakeTimeProvider(VectorTime.AddSeconds(clockSkewSeconds));
        return Authenticator(options, clock).Authenticate(ClientA, headers, Encoding.UTF8.GetBytes(body));
    }

    [Fact]
    public void Authenticate_accepts_the_published_test_vector_at_its_timestamp()
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureVerified, result.Reason);
        Assert.Equal(DeliveryMode.Signed, result.Delivery);
    }

    [Fact]
    public void The_test_signer_reproduces_the_published_vector()
    {
        // Arrange, Act
        var signature = Sign(VectorSecret, VectorId, VectorTimestamp, VectorBody);

        // Assert
        Assert.Equal(VectorSignature, signature);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Authenticate_accepts_a_timestamp_just_inside_the_five_minute_tolerance(int offsetSeconds)
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature);

        // Act
        var result = Authenticate(headers, clockSkewSeconds: offsetSeconds);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Authenticate_refuses_a_timestamp_just_outside_the_five_minute_tolerance(int offsetSeconds)
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature);

        // Act
        var result = Authenticate(headers, clockSkewSeconds: offsetSeconds);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.TimestampOutOfTolerance, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_a_fresh_timestamp_that_was_not_the_one_signed()
    {
        // Arrange: a replay with the timestamp moved forward to pass the tolerance check.
        var headers = SignedHeaders(VectorSignature, timestamp: VectorTimestamp + 120);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureMismatch, result.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1614265330")]
    [InlineData("+1614265330")]
    [InlineData("1614265330.5")]
    [InlineData("99999999999999999999")]
    public void Authenticate_refuses_a_timestamp_that_is_not_unix_seconds(string timestamp)
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature).Without("webhook-timestamp").With("webhook-timestamp", timestamp);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(
            timestamp.Length == 0 ? AuthenticationReasons.SignatureHeadersMissing : AuthenticationReasons.TimestampInvalid,
            result.Reason);
    }

    [Theory]
    [InlineData("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + VectorSignature)]
    [InlineData(VectorSignature + " v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1a,c2lnbmVkLXdpdGgtZWQyNTUxOQ== " + VectorSignature)]
    [InlineData("v1,not-base64 garbage " + VectorSignature)]
    [InlineData("v2,AAAA  " + VectorSignature + " ")]
    public void Authenticate_accepts_a_header_where_any_v1_signature_matches(string signatures)
    {
        // Arrange
        var headers = SignedHeaders(signatures);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }

    [Fact]
    public void Authenticate_accepts_a_signature_made_with_either_secret_of_a_rotation()
    {
        // Arrange
        var headers = SignedHeaders(Sign(OtherSecret, VectorId, VectorTimestamp, VectorBody));

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }

    [Fact]
    public void Authenticate_refuses_a_signature_made_with_a_secret_not_configured()
    {
        // Arrange
        var unknown = "whsec_Pd3DE0K5+UBzIn2ai1MycheQXVPP7NZd";
        var headers = SignedHeaders(Sign(unknown, VectorId, VectorTimestamp, VectorBody));

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureMismatch, result.Reason);
    }

    [Theory]
    [InlineData("""{"test": 2432232315}""")]
    [InlineData("""{"test":2432232314}""")]
    [InlineData("""{"test": 2432232314} """)]
    public void Authenticate_refuses_a_body_that_differs_from_the_one_signed(string body)
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature);

        // Act
        var result = Authenticate(headers, body);

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureMismatch, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_a_signature_for_another_message_id()
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature, id: "msg_someOtherMessage");

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureMismatch, result.Reason);
    }

    [Theory]
    [InlineData("v1a,c2lnbmVkLXdpdGgtZWQyNTUxOQ==")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void Authenticate_refuses_a_header_without_any_v1_signature(string signatures)
    {
        // Arrange
        var headers = SignedHeaders(signatures);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.NoV1Signature, result.Reason);
    }

    [Theory]
    [InlineData("v1,")]
    [InlineData("v1,AAAA")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    public void Authenticate_refuses_a_v1_value_that_is_not_a_32_byte_mac(string signatures)
    {
        // Arrange
        var headers = SignedHeaders(signatures);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureMismatch, result.Reason);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void Authenticate_refuses_a_request_missing_one_signature_header(string missing)
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature).Without(missing);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Unauthenticated, result.Status);
        Assert.Equal(AuthenticationReasons.SignatureHeadersMissing, result.Reason);
    }

    [Fact]
    public void Authenticate_refuses_a_signature_header_sent_twice()
    {
        // Arrange
        var headers = SignedHeaders(VectorSignature).With("webhook-signature", VectorSignature);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationReasons.SignatureHeadersDuplicated, result.Reason);
    }

    [Fact]
    public void Authenticate_accepts_the_svix_header_names()
    {
        // Arrange
        var headers = new HeaderBag()
            .With("svix-id", VectorId)
            .With("svix-timestamp", "1614265330")
            .With("svix-signature", VectorSignature);

        // Act
        var result = Authenticate(headers);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(DeliveryMode.Signed, result.Delivery);
    }

    [Fact]
    public void Authenticate_verifies_a_body_larger_than_the_stack_buffer()
    {
        // Arrange
        var body = $$"""{"padding": "{{new string('x', 300_000)}}"}""";
        var headers = SignedHeaders(Sign(VectorSecret, VectorId, VectorTimestamp, body));

        // Act
        var result = Authenticate(headers, body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
    }
}
