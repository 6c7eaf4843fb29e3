using CodatAlerts.Intake.Authentication;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>One form of a client ID for matching and naming (issue 11, item 7), and its bounded character set.</summary>
public sealed class CodatClientIdTests
{
    private const string Kelvin = "\u212A"; // KELVIN SIGN, which Unicode lower-cases to an ASCII 'k'

    [Theory]
    [InlineData(ClientA)]
    [InlineData("  BAE71D36-FF47-420A-B4A6-F8C9DDF41140 ")]
    [InlineData("a")]
    [InlineData("prod.client_1-x")]
    public void IsWellFormed_accepts_ids_of_the_safe_character_set(string clientId)
    {
        // Arrange, Act
        var wellFormed = CodatClientId.IsWellFormed(clientId);

        // Assert
        Assert.True(wellFormed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bae71d36 ff47")]
    [InlineData("bae71d36/ff47")]
    [InlineData("client" + Kelvin)]
    [InlineData("caf\u00e9")]
    [InlineData("a\u0000b")]
    public void IsWellFormed_refuses_anything_else(string clientId)
    {
        // Arrange, Act
        var wellFormed = CodatClientId.IsWellFormed(clientId);

        // Assert
        Assert.False(wellFormed);
    }

    [Fact]
    public void IsWellFormed_bounds_the_length_at_64_after_trimming()
    {
        // Arrange
        var longest = new string('a', CodatClientId.MaxLength);

        // Act, Assert
        Assert.True(CodatClientId.IsWellFormed("  " + longest + "  "));
        Assert.False(CodatClientId.IsWellFormed(longest + "a"));
    }

    [Fact]
    public void Normalize_lowers_ascii_letters_only_so_a_look_alike_never_takes_a_listed_name()
    {
        // Arrange, Act
        var ascii = CodatClientId.Normalize(" Kelvin-Corp ");
        var lookAlike = CodatClientId.Normalize(Kelvin + "elvin-corp");

        // Assert
        Assert.Equal("kelvin-corp", ascii);
        Assert.Equal(Kelvin + "elvin-corp", lookAlike);
        Assert.NotEqual(AlertRecordName.ClientSegment(ascii), AlertRecordName.ClientSegment(Kelvin + "elvin-corp"));
        Assert.Equal(PartitionRouter.HashPartition("KELVIN-CORP"), PartitionRouter.HashPartition(ascii));
    }

    [Fact]
    public void Normalize_returns_the_same_instance_when_the_id_is_already_in_normal_form()
    {
        // Arrange
        var id = ClientA;

        // Act
        var normalized = CodatClientId.Normalize(id);

        // Assert
        Assert.Same(id, normalized);
    }

    [Fact]
    public void A_kelvin_sign_look_alike_under_default_credentials_is_not_matched_to_or_named_as_the_listed_client()
    {
        // Arrange
        var authenticator = Authenticator(OptionsWith(
            Client(null, authorization: [BearerTwo]), Client("kelvin-corp", authorization: [BearerOne])));
        var headers = new HeaderBag().With("Authorization", BearerTwo);

        // Act
        var result = authenticator.Authenticate(Kelvin + "elvin-corp", headers, Body);

        // Assert
        Assert.NotEqual("kelvin-corp", result.ClientId);
    }
}
