using CodatAlerts.Intake.Authentication;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>Start-up validation of the credentials: each message names the app setting, never its value.</summary>
public sealed class IntakeOptionsValidatorTests
{
    private const string KeyVaultReference =
        "@Microsoft.KeyVault(SecretUri=https://kv-codat.vault.azure.net/secrets/codat-bearer/)";

    private static List<string> FailuresOf(Dictionary<string, string?> settings)
    {
        var result = new IntakeOptionsValidator().Validate(null, AppSettings.Bind(settings));
        return result.Failed ? [.. result.Failures] : [];
    }

    private static List<string> FailuresWith(string setting, string? value)
    {
        var settings = AppSettings.Valid();
        settings[setting] = value;
        return FailuresOf(settings);
    }

    [Fact]
    public void Validate_accepts_a_configuration_with_every_kind_of_credential()
    {
        // Arrange, Act
        var failures = FailuresOf(AppSettings.Valid());

        // Assert
        Assert.Empty(failures);
    }

    [Fact]
    public void Validate_accepts_no_credentials_at_all_so_the_app_starts_and_refuses_every_alert()
    {
        // Arrange, Act
        var failures = FailuresOf([]);

        // Assert
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("Alerts__Clients__1__ClientId", " ", "is empty")]
    [InlineData("Alerts__Clients__1__Authorization__2", "Token abc", "must be 'Basic <base64 of user:password>' or 'Bearer <token>'")]
    [InlineData("Alerts__Clients__1__Authorization__2", "Bearer", "must be 'Basic <base64 of user:password>' or 'Bearer <token>'")]
    [InlineData("Alerts__Clients__1__Authorization__2", "Bearer  ", "leading or trailing white space")]
    [InlineData("Alerts__Clients__1__Authorization__2", "Basic not*base64!", "not valid base64")]
    [InlineData("Alerts__Clients__1__Authorization__2", "Basic bm8tY29sb24taGVyZQ==", "does not decode to 'user:password'")]
    [InlineData("Alerts__Clients__1__Authorization__2", "", "is empty")]
    [InlineData("Alerts__Clients__0__SigningSecrets__2", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "does not start with 'whsec_'")]
    [InlineData("Alerts__Clients__0__SigningSecrets__2", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/Je4ZJEGP1QFb", "not valid base64")]
    [InlineData("Alerts__Clients__0__SigningSecrets__2", "whsec_c2l4dGVlbi1ieXRlLWtleQ==", "holds a key of 16 bytes")]
    [InlineData("Alerts__DefaultClient__SigningSecrets__1", "whsec_", "holds a key of 0 bytes")]
    [InlineData("Alerts__Clients__0__SigningSecrets__2", KeyVaultReference, "Key Vault reference that did not resolve")]
    [InlineData("Alerts__Clients__1__Authorization__2", KeyVaultReference, "Key Vault reference that did not resolve")]
    [InlineData("Alerts__Clients__1__ClientId", KeyVaultReference, "Key Vault reference that did not resolve")]
    [InlineData("Alerts__Clients__0__Partition", "8", "must be between 0 and 7")]
    [InlineData("Alerts__Clients__0__Partition", "-1", "must be between 0 and 7")]
    [InlineData("Alerts__Clients__0__Require", "7", "must be Any, Authorization, Signature or Both")]
    [InlineData("Alerts__DefaultClient__Partition", "3", "has no effect")]
    public void Validate_names_the_setting_that_is_wrong(string setting, string value, string problem)
    {
        // Arrange, Act
        var failures = FailuresWith(setting, value);

        // Assert
        var failure = Assert.Single(failures);
        Assert.StartsWith(setting + " ", failure, StringComparison.Ordinal);
        Assert.Contains(problem, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alerts__Clients__0__SigningSecrets__2", "whsec_c2l4dGVlbi1ieXRlLWtleQ==", "c2l4dGVlbi1ieXRlLWtleQ")]
    [InlineData("Alerts__Clients__0__SigningSecrets__2", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("Alerts__Clients__1__Authorization__2", "Basic bm8tY29sb24taGVyZQ==", "bm8tY29sb24taGVyZQ")]
    [InlineData("Alerts__Clients__1__Authorization__2", "Bearer secret-token-value ", "secret-token-value")]
    [InlineData("Alerts__Clients__1__Authorization__2", KeyVaultReference, "kv-codat")]
    public void Validate_never_repeats_a_rejected_value(string setting, string value, string secretPart)
    {
        // Arrange, Act
        var failure = Assert.Single(FailuresWith(setting, value));

        // Assert
        Assert.DoesNotContain(secretPart, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_refuses_a_client_listed_twice_whatever_the_case_of_its_id()
    {
        // Arrange, Act
        var failures = FailuresWith("Alerts__Clients__1__ClientId", " " + ClientA.ToUpperInvariant());

        // Assert
        var failure = Assert.Single(failures);
        Assert.Equal(
            "Alerts__Clients__1__ClientId repeats the client ID of Alerts__Clients__0__ClientId; list each client once.",
            failure);
    }

    [Fact]
    public void Validate_refuses_a_client_without_credentials_and_says_which_settings_to_add()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings.Remove("Alerts__Clients__1__Authorization__0");
        settings.Remove("Alerts__Clients__1__Authorization__1");

        // Act
        var failures = FailuresOf(settings);

        // Assert
        Assert.Equal(
            "Alerts__Clients__1 has no credentials: set Alerts__Clients__1__Authorization__0 or Alerts__Clients__1__SigningSecrets__0.",
            Assert.Single(failures));
    }

    [Theory]
    [InlineData("Signature", "Alerts__Clients__1__Require is Signature, but Alerts__Clients__1__SigningSecrets lists no secret.")]
    [InlineData("Both", "Alerts__Clients__1__Require is Both, but Alerts__Clients__1__SigningSecrets lists no secret.")]
    public void Validate_refuses_a_requirement_the_credentials_cannot_meet(string require, string expected)
    {
        // Arrange, Act
        var failures = FailuresWith("Alerts__Clients__1__Require", require);

        // Assert
        Assert.Equal(expected, Assert.Single(failures));
    }

    [Fact]
    public void Validate_refuses_an_authorization_requirement_without_accepted_values()
    {
        // Arrange, Act
        var failures = FailuresWith("Alerts__DefaultClient__Require", "Authorization");

        // Assert
        Assert.Equal(
            "Alerts__DefaultClient__Require is Authorization, but Alerts__DefaultClient__Authorization lists no value.",
            Assert.Single(failures));
    }

    [Fact]
    public void Validate_reports_every_problem_at_once()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings["Alerts__Clients__0__Partition"] = "9";
        settings["Alerts__Clients__1__Authorization__1"] = "Digest x";
        settings["Alerts__DefaultClient__SigningSecrets__0"] = KeyVaultReference;

        // Act
        var failures = FailuresOf(settings);

        // Assert
        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void Validate_accepts_keys_of_24_and_64_bytes()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings["Alerts__Clients__0__SigningSecrets__0"] = "whsec_" + Convert.ToBase64String(new byte[24]);
        settings["Alerts__Clients__0__SigningSecrets__1"] = "whsec_" + Convert.ToBase64String(new byte[64]);
        settings["Alerts__Clients__0__SigningSecrets__2"] = "whsec_" + Convert.ToBase64String(new byte[65]);

        // Act
        var failures = FailuresOf(settings);

        // Assert
        Assert.StartsWith("Alerts__Clients__0__SigningSecrets__2 holds a key of 65 bytes", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bae71d36 ff47")]
    [InlineData("K\u212Aelvin")]
    [InlineData("a/b")]
    public void Validate_refuses_a_client_id_outside_the_safe_character_set(string clientId)
    {
        // Arrange, Act
        var failures = FailuresWith("Alerts__Clients__1__ClientId", clientId);

        // Assert
        Assert.Equal(
            "Alerts__Clients__1__ClientId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-' (Codat's client IDs are GUIDs).",
            Assert.Single(failures));
    }

    [Fact]
    public void Validate_refuses_a_client_id_longer_than_64_characters()
    {
        // Arrange, Act
        var failures = FailuresWith("Alerts__Clients__1__ClientId", new string('a', 65));

        // Assert
        Assert.StartsWith("Alerts__Clients__1__ClientId must be 1 to 64 characters", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_refuses_two_clients_sharing_a_signing_secret_and_names_both_settings_never_the_secret()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings["Alerts__Clients__1__SigningSecrets__0"] = VectorSecret;

        // Act
        var failure = Assert.Single(FailuresOf(settings));

        // Assert
        Assert.Equal(
            "Alerts__Clients__1__SigningSecrets__0 is the same signing secret as Alerts__Clients__0__SigningSecrets__0; each client " +
            "needs its own, because a delivery without X-Codat-ClientId is identified by the secret that verifies it.",
            failure);
        Assert.DoesNotContain(VectorSecret["whsec_".Length..], failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_refuses_a_listed_client_and_the_default_client_sharing_a_signing_secret()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings["Alerts__DefaultClient__SigningSecrets__0"] = OtherSecret;

        // Act
        var failure = Assert.Single(FailuresOf(settings));

        // Assert
        Assert.StartsWith(
            "Alerts__DefaultClient__SigningSecrets__0 is the same signing secret as Alerts__Clients__0__SigningSecrets__1;",
            failure,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(30)]
    public void Validate_refuses_two_clients_whose_secrets_differ_only_by_trailing_zero_bytes_which_HMAC_pads_alike(int zeros)
    {
        // Arrange: HMAC pads every key with zeros to the block size, so these two keys sign every message alike.
        var settings = AppSettings.Valid();
        settings["Alerts__Clients__1__SigningSecrets__0"] = WithTrailingZeros(VectorSecret, zeros);

        // Act
        var failure = Assert.Single(FailuresOf(settings));

        // Assert
        Assert.StartsWith(
            "Alerts__Clients__1__SigningSecrets__0 is the same signing secret as Alerts__Clients__0__SigningSecrets__0;",
            failure,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Two_secrets_that_differ_only_by_trailing_zero_bytes_really_sign_alike()
    {
        // Arrange: the premise of the check above, on the real MAC.
        var key = Convert.FromBase64String(VectorSecret["whsec_".Length..]);
        var padded = Convert.FromBase64String(WithTrailingZeros(VectorSecret, 2)["whsec_".Length..]);

        // Act, Assert
        Assert.NotEqual(key.Length, padded.Length);
        Assert.Equal(
            System.Security.Cryptography.HMACSHA256.HashData(key, Body),
            System.Security.Cryptography.HMACSHA256.HashData(padded, Body));
    }

    [Theory]
    [InlineData("Alerts__Clients__1__Authorization__1", BearerOne, "Alerts__Clients__0__Authorization__0")]
    [InlineData("Alerts__Clients__1__Authorization__1", "bearer   token-one-7f3a9c", "Alerts__Clients__0__Authorization__0")]
    [InlineData("Alerts__DefaultClient__Authorization__0", BasicTwo, "Alerts__Clients__1__Authorization__1")]
    [InlineData("Alerts__DefaultClient__Authorization__0", "BASIC Y29kYXQ6czNjcmV0LW9uZQ==", "Alerts__Clients__1__Authorization__0")]
    public void Validate_refuses_an_Authorization_value_accepted_for_two_clients_or_a_client_and_the_default(string setting, string value, string firstSetting)
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings[setting] = value;

        // Act
        var failure = Assert.Single(FailuresOf(settings));

        // Assert
        Assert.Equal(
            $"{setting} is the same Authorization value as {firstSetting}; each client needs its own, because a value " +
            "accepted for two clients lets either send alerts as the other.",
            failure);
        Assert.DoesNotContain(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_allows_one_client_to_list_an_Authorization_value_twice()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings["Alerts__Clients__1__Authorization__2"] = "basic Y29kYXQ6czNjcmV0LW9uZQ==";

        // Act
        var failures = FailuresOf(settings);

        // Assert
        Assert.Empty(failures);
    }

    private static string WithTrailingZeros(string secret, int zeros) =>
        "whsec_" + Convert.ToBase64String([.. Convert.FromBase64String(secret["whsec_".Length..]), .. new byte[zeros]]);

    [Fact]
    public void Validate_allows_one_client_to_list_a_secret_twice()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings["Alerts__Clients__0__SigningSecrets__2"] = VectorSecret;

        // Act
        var failures = FailuresOf(settings);

        // Assert
        Assert.Empty(failures);
    }
}
