using System.Buffers.Text;
using System.Globalization;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Refuses, at start-up, credentials that could never authenticate an alert or that would fail in a confusing way
/// later. Each message names the app setting (<c>Alerts__Clients__2__SigningSecrets__0</c>) and never its value.
/// </summary>
/// <remarks>
/// No credentials at all is allowed: the app then starts and refuses every alert (fail closed), so infrastructure can
/// be deployed before the secrets exist.
/// </remarks>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    private const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";
    private const string ClientsPrefix = IntakeOptions.SectionName + "__" + nameof(IntakeOptions.Clients);
    private const string DefaultPrefix = IntakeOptions.SectionName + "__" + nameof(IntakeOptions.DefaultClient);

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var secrets = new List<ConfiguredSecret>();
        var authorizations = new List<ConfiguredAuthorization>();

        var firstSettingOfClientId = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{ClientsPrefix}__{i}");
            var client = options.Clients[i];
            ValidateClientId(client.ClientId, prefix, firstSettingOfClientId, failures);
            ValidateCredentials(client, prefix, failures, secrets, authorizations);
            ValidatePartition(client.Partition, prefix, failures);
        }

        if (options.DefaultClient is { } fallback)
        {
            ValidateCredentials(fallback, DefaultPrefix, failures, secrets, authorizations);
            if (fallback.Partition is not null)
                failures.Add($"{DefaultPrefix}__Partition has no effect: clients that are not listed are spread by hash. Pin a listed client instead.");
        }

        ValidateSecretsAreNotShared(secrets, failures);
        ValidateAuthorizationsAreNotShared(authorizations, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateClientId(
        string? clientId, string prefix, Dictionary<string, string> firstSettingOfClientId, List<string> failures)
    {
        var setting = $"{prefix}__{nameof(ClientCredentialsOptions.ClientId)}";
        if (ProblemOfRawValue(clientId, setting) is { } problem)
        {
            failures.Add(problem);
            return;
        }

        if (!CodatClientId.IsWellFormed(clientId))
        {
            failures.Add($"{setting} must be 1 to {CodatClientId.MaxLength} characters of {CodatClientId.AllowedCharactersText} " +
                "(Codat's client IDs are GUIDs).");
            return;
        }

        var normalized = CodatClientId.Normalize(clientId!);
        if (!firstSettingOfClientId.TryAdd(normalized, setting))
            failures.Add($"{setting} repeats the client ID of {firstSettingOfClientId[normalized]}; list each client once.");
    }

    /// <summary>
    /// A delivery without <c>X-Codat-ClientId</c> belongs to the client whose secret verifies it, which is unambiguous
    /// only while no two clients (the default client included) share a secret. Keys are compared decoded and as HMAC
    /// uses them (<see cref="SigningSecret.HmacEquivalenceKey"/>), so two spellings of one key, or a key and the same key
    /// with trailing zero bytes, are caught too; the message names the settings, never the secret.
    /// </summary>
    private static void ValidateSecretsAreNotShared(List<ConfiguredSecret> secrets, List<string> failures)
    {
        for (var i = 0; i < secrets.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (secrets[i].Owner != secrets[j].Owner
                    && secrets[i].Secret.HmacEquivalenceKey.SequenceEqual(secrets[j].Secret.HmacEquivalenceKey))
                {
                    failures.Add($"{secrets[i].Setting} is the same signing secret as {secrets[j].Setting}; each client needs " +
                        "its own, because a delivery without X-Codat-ClientId is identified by the secret that verifies it.");
                    break;
                }
            }
        }
    }

    /// <summary>
    /// A client named by <c>X-Codat-ClientId</c> is checked against its own <c>Authorization</c> values only, which keeps
    /// clients apart only while no value is accepted for two of them (the default client included): whoever holds a
    /// shared value could send alerts as the other client, or as any unlisted one. Values are compared in the canonical
    /// form requests are checked in (scheme name case-insensitive, credential exact); the message never quotes them.
    /// </summary>
    private static void ValidateAuthorizationsAreNotShared(List<ConfiguredAuthorization> authorizations, List<string> failures)
    {
        for (var i = 0; i < authorizations.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (authorizations[i].Owner != authorizations[j].Owner
                    && string.Equals(authorizations[i].Canonical, authorizations[j].Canonical, StringComparison.Ordinal))
                {
                    failures.Add($"{authorizations[i].Setting} is the same Authorization value as {authorizations[j].Setting}; each " +
                        "client needs its own, because a value accepted for two clients lets either send alerts as the other.");
                    break;
                }
            }
        }
    }

    private static void ValidateCredentials(
        ClientCredentialsOptions client,
        string prefix,
        List<string> failures,
        List<ConfiguredSecret> secrets,
        List<ConfiguredAuthorization> authorizations)
    {
        var authorizationSetting = $"{prefix}__{nameof(ClientCredentialsOptions.Authorization)}";
        var secretsSetting = $"{prefix}__{nameof(ClientCredentialsOptions.SigningSecrets)}";

        if (client.Authorization.Count == 0 && client.SigningSecrets.Count == 0)
        {
            failures.Add($"{prefix} has no credentials: set {authorizationSetting}__0 or {secretsSetting}__0.");
            return;
        }

        for (var j = 0; j < client.Authorization.Count; j++)
        {
            var setting = string.Create(CultureInfo.InvariantCulture, $"{authorizationSetting}__{j}");
            if ((ProblemOfCredential(client.Authorization[j], setting) ?? ProblemOfAuthorization(client.Authorization[j], setting)) is { } problem)
                failures.Add(problem);
            else
                authorizations.Add(new ConfiguredAuthorization(prefix, setting, Canonical(client.Authorization[j])));
        }

        for (var j = 0; j < client.SigningSecrets.Count; j++)
        {
            var setting = string.Create(CultureInfo.InvariantCulture, $"{secretsSetting}__{j}");
            if (ProblemOfCredential(client.SigningSecrets[j], setting) is { } problem)
                failures.Add(problem);
            else if (!SigningSecret.TryParse(client.SigningSecrets[j], out var secret, out var secretProblem))
                failures.Add($"{setting} {secretProblem}.");
            else
                secrets.Add(new ConfiguredSecret(prefix, setting, secret));
        }

        var requireSetting = $"{prefix}__{nameof(ClientCredentialsOptions.Require)}";
        var (needsAuthorization, needsSignature) = client.Require switch
        {
            CredentialRequirement.Any => (false, false),
            CredentialRequirement.Authorization => (true, false),
            CredentialRequirement.Signature => (false, true),
            CredentialRequirement.Both => (true, true),
            _ => (false, false), // a number the binder let through; refused just below
        };
        if (!Enum.IsDefined(client.Require))
            failures.Add($"{requireSetting} must be Any, Authorization, Signature or Both.");
        if (needsAuthorization && client.Authorization.Count == 0)
            failures.Add($"{requireSetting} is {client.Require}, but {authorizationSetting} lists no value.");
        if (needsSignature && client.SigningSecrets.Count == 0)
            failures.Add($"{requireSetting} is {client.Require}, but {secretsSetting} lists no secret.");
    }

    private static void ValidatePartition(int? partition, string prefix, List<string> failures)
    {
        if (partition is < 0 or >= AlertPartitions.Count)
            failures.Add($"{prefix}__Partition must be between 0 and {AlertPartitions.Count - 1}.");
    }

    /// <summary>Problems any setting can have: empty, or a Key Vault reference the platform could not resolve.</summary>
    private static string? ProblemOfRawValue(string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
            return $"{setting} is empty.";
        if (value.StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            return $"{setting} is an Azure Key Vault reference that did not resolve: check the secret URI, that the " +
                "app's identity holds 'Key Vault Secrets User' on the vault, and that the vault is reachable from the app.";
        return null;
    }

    /// <summary>
    /// Problems of a credential before its format is read. Unlike a client ID, which is trimmed on both sides, a
    /// credential is compared exactly, so surrounding white space would make it never match.
    /// </summary>
    private static string? ProblemOfCredential(string? value, string setting)
    {
        if (ProblemOfRawValue(value, setting) is { } problem)
            return problem;
        if (char.IsWhiteSpace(value![0]) || char.IsWhiteSpace(value[^1]))
            return $"{setting} has leading or trailing white space (a stray newline in the stored secret?).";
        return null;
    }

    private static string? ProblemOfAuthorization(string value, string setting)
    {
        if (value.Length > AuthorizationHeaderCheck.MaxHeaderLength)
            return $"{setting} is longer than {AuthorizationHeaderCheck.MaxHeaderLength} characters, the most a request may send.";

        return AuthorizationValue.TryParse(value, out var scheme, out var credential) switch
        {
            null when scheme == AuthorizationValue.Basic && !DecodesToUserAndPassword(credential) =>
                $"{setting} is a Basic value whose credential does not decode to 'user:password'.",
            null => null,
            AuthenticationReasons.MalformedBasic => $"{setting} is a Basic value whose credential is not valid base64.",
            AuthenticationReasons.AuthorizationEmpty => $"{setting} has no credential after its scheme.",
            _ => $"{setting} must be 'Basic <base64 of user:password>' or 'Bearer <token>'.",
        };
    }

    private static bool DecodesToUserAndPassword(ReadOnlySpan<char> base64)
    {
        Base64.IsValid(base64, out var length);
        var decoded = new byte[length];
        return Convert.TryFromBase64Chars(base64, decoded, out var written) && decoded.AsSpan(0, written).Contains((byte)':');
    }

    /// <summary>The canonical form of a valid <c>Authorization</c> value: the form a request's value is compared in.</summary>
    private static string Canonical(string value)
    {
        AuthorizationValue.TryParse(value, out var scheme, out var credential);
        return $"{scheme} {credential}";
    }

    /// <summary>A decoded signing secret, the client (<paramref name="Owner"/>, its setting prefix) and the setting it came from.</summary>
    private sealed record ConfiguredSecret(string Owner, string Setting, SigningSecret Secret);

    /// <summary>An <c>Authorization</c> value in canonical form, its client (<paramref name="Owner"/>) and its setting.</summary>
    private sealed record ConfiguredAuthorization(string Owner, string Setting, string Canonical);
}
