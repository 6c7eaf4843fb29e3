using System.Text;
using CodatAlerts.Simulator.Delivery;

namespace CodatAlerts.Simulator.Tests.Delivery;

public sealed class StandardWebhookSignerTests
{
    // The published test vector (reference §1.4, Codat's consumer page and Svix's manual verification page).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

    [Fact]
    public void Signing_the_published_vector_gives_the_published_signature()
    {
        // Arrange
        var signer = new StandardWebhookSigner(Secret);

        // Act
        var signature = signer.Sign(MessageId, Timestamp, Body);

        // Assert
        Assert.Equal(Expected, signature);
    }

    [Fact]
    public void A_secret_without_its_whsec_prefix_signs_the_same()
    {
        // Arrange
        var signer = new StandardWebhookSigner(Secret["whsec_".Length..]);

        // Act
        var signature = signer.Sign(MessageId, Timestamp, Body);

        // Assert
        Assert.Equal(Expected, signature);
    }

    [Fact]
    public void The_published_signature_verifies_among_other_versions_and_rotated_signatures()
    {
        // Arrange
        var signer = new StandardWebhookSigner(Secret);
        var header = "v1a,c29tZXRoaW5nIGVsc2U= v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + Expected;

        // Act
        var verifies = signer.Verifies(MessageId, Timestamp, Body, header);

        // Assert
        Assert.True(verifies);
    }

    [Fact]
    public void A_changed_body_does_not_verify()
    {
        // Arrange
        var signer = new StandardWebhookSigner(Secret);
        var reserialized = Encoding.UTF8.GetBytes("{\"test\":2432232314}");

        // Act
        var verifies = signer.Verifies(MessageId, Timestamp, reserialized, Expected);

        // Assert
        Assert.False(verifies);
    }

    [Fact]
    public void The_invalid_secret_of_Codat_csharp_tab_is_refused()
    {
        // Arrange
        const string csharpTabSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/Je4ZJEGP1QFb";

        // Act
        var valid = StandardWebhookSigner.IsValidSecret(csharpTabSecret);

        // Assert
        Assert.False(valid);
        Assert.Throws<FormatException>(() => new StandardWebhookSigner(csharpTabSecret));
    }
}
