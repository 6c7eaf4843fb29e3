using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Every client's credentials, built once from <see cref="IntakeOptions"/> (secrets decoded, accepted values hashed)
/// and looked up per request by the <c>X-Codat-ClientId</c> header: trimmed, case-insensitive, without allocating.
/// </summary>
internal sealed class ClientCredentialsCatalog
{
    private readonly FrozenDictionary<string, ClientCredentials> _clients;
    private readonly FrozenDictionary<string, ClientCredentials>.AlternateLookup<ReadOnlySpan<char>> _clientsBySpan;
    private readonly ClientCredentials? _default;

    public ClientCredentialsCatalog(IntakeOptions options, TimeProvider time)
    {
        _clients = options.Clients.ToFrozenDictionary(
            client => client.ClientId?.Trim() ?? string.Empty,
            client => Build(client, time),
            StringComparer.OrdinalIgnoreCase);
        _clientsBySpan = _clients.GetAlternateLookup<ReadOnlySpan<char>>();
        _default = options.DefaultClient is { } fallback ? Build(fallback, time) : null;
    }

    /// <summary>True when neither a client nor a default is configured: every request must then be refused.</summary>
    public bool IsEmpty => _clients.Count == 0 && _default is null;

    /// <summary>
    /// The credentials for <paramref name="clientId"/>: its own when listed, else the default client's when there is
    /// one. False when the client is neither listed nor covered by a default.
    /// </summary>
    public bool TryFind(string? clientId, [NotNullWhen(true)] out ClientCredentials? credentials)
    {
        ReadOnlySpan<char> key = clientId.AsSpan().Trim();
        if (!key.IsEmpty && _clientsBySpan.TryGetValue(key, out credentials))
            return true;

        credentials = _default;
        return credentials is not null;
    }

    private static ClientCredentials Build(ClientCredentialsOptions client, TimeProvider time)
    {
        var authorization = client.Authorization.Count > 0 ? new AuthorizationHeaderCheck(client.Authorization) : null;
        var signature = client.SigningSecrets.Count > 0
            ? new StandardWebhookSignature(client.SigningSecrets.Select(ParseSecret), time)
            : null;
        return new ClientCredentials(authorization, signature, client.Require);
    }

    private static SigningSecret ParseSecret(string value) =>
        SigningSecret.TryParse(value, out var secret, out _)
            ? secret
            : throw new ArgumentException("A signing secret is not a valid 'whsec_' secret.", nameof(value));
}
