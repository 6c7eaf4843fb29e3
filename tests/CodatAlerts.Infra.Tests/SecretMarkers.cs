using System.Text.RegularExpressions;

namespace CodatAlerts.Infra.Tests;

/// <summary>What a secret, key or connection string looks like in a template, and where credentials may appear.</summary>
internal static partial class SecretMarkers
{
    // Storage and Service Bus keys and SAS, Application Insights' instrumentation key, Codat's credentials.
    private static readonly string[] Markers =
    [
        "AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "sig=", "InstrumentationKey=", "Password=",
        "whsec_", "Bearer ", "Basic ",
    ];

    /// <summary>Whether <paramref name="text"/> holds a secret literally or reads one with an ARM list function.</summary>
    public static bool LooksSecret(string text) =>
        Markers.Any(marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase)) || CallsListFunction(text);

    /// <summary>
    /// Whether <paramref name="text"/> calls list(), listKeys(), listSecrets(), listConnectionStrings()...: functions that
    /// put a resource's keys into the deployment.
    /// </summary>
    public static bool CallsListFunction(string text) => ListFunctionCall().IsMatch(text);

    /// <summary>Whether an app setting holds a Codat credential (an Authorization value or a signing secret).</summary>
    public static bool IsCredentialSetting(string name) => CredentialSetting().IsMatch(name);

    /// <summary>Whether a value is a Key Vault reference by vault and secret name.</summary>
    public static bool IsKeyVaultReference(string value) => KeyVaultReference().IsMatch(value);

    [GeneratedRegex(@"\blist(?:[A-Z]\w*)?\(")]
    private static partial Regex ListFunctionCall();

    [GeneratedRegex(@"__(Authorization|SigningSecrets)__\d+$")]
    private static partial Regex CredentialSetting();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=[0-9A-Za-z-]{3,24};SecretName=[0-9A-Za-z-]{1,127}\)$")]
    private static partial Regex KeyVaultReference();
}
