using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Every client's credentials, built once from <see cref="IntakeOptions"/> (secrets decoded and keyed, accepted values
/// hashed). A request is matched to a listed client by its <c>X-Codat-ClientId</c> header in
/// <see cref="CodatClientId"/> form, without allocating; without the header, by the signing secret that verifies it.
/// </summary>
internal sealed class ClientCredentialsCatalog
{
    private readonly FrozenDictionary<string, ListedClient> _clients;
    private readonly FrozenDictionary<string, ListedClient>.AlternateLookup<ReadOnlySpan<char>> _clientsBySpan;
    private readonly ListedClient[] _signingClients;
    private readonly StandardWebhookSignature? _everySecret;

    public ClientCredentialsCatalog(IntakeOptions options, TimeProvider time)
    {
        var listed = options.Clients
            .Select(client => new ListedClient(CodatClientId.Normalize(client.ClientId ?? string.Empty), client, Build(client, time)))
            .ToArray();
        _clients = listed.ToFrozenDictionary(client => client.ClientId, StringComparer.Ordinal);
        _clientsBySpan = _clients.GetAlternateLookup<ReadOnlySpan<char>>();
        Default = options.DefaultClient is { } fallback ? Build(fallback, time) : null;

        // One walk over the secrets of every listed client and of the default client, in which the default's secrets
        // are owned by index _signingClients.Length. The start-up validation refuses a secret shared by two of them.
        _signingClients = [.. listed.Where(client => client.Options.SigningSecrets.Count > 0)];
        var owned = _signingClients
            .SelectMany((client, owner) => client.Options.SigningSecrets.Select(secret => (ParseSecret(secret), owner)))
            .Concat((options.DefaultClient?.SigningSecrets ?? []).Select(secret => (ParseSecret(secret), _signingClients.Length)))
            .ToArray();
        _everySecret = _signingClients.Length > 0 ? new StandardWebhookSignature(owned, time) : null;
    }

    /// <summary>True when neither a client nor a default is configured: every request must then be refused.</summary>
    public bool IsEmpty => _clients.Count == 0 && Default is null;

    /// <summary>The credentials for clients not listed, or for deliveries that name none; null when there are none.</summary>
    public ClientCredentials? Default { get; }

    /// <summary>Whether some listed client has signing secrets, so that a signed delivery without header can be identified.</summary>
    public bool CanIdentifyBySignature => _everySecret is not null;

    /// <summary>The listed client <paramref name="clientId"/> names, matched in <see cref="CodatClientId"/> form.</summary>
    public bool TryFindListed(string clientId, [NotNullWhen(true)] out ListedClient? client)
    {
        Span<char> key = stackalloc char[CodatClientId.MaxLength];
        if (CodatClientId.TryNormalize(clientId, key, out var length) && length > 0
            && _clientsBySpan.TryGetValue(key[..length], out client))
            return true;

        client = null;
        return false;
    }

    /// <summary>
    /// Which configured client's secret verifies the request's signature: every listed client's secrets and the default
    /// client's, all of them checked whatever matches.
    /// </summary>
    /// <returns>The verdict; its owner indexes <see cref="SigningClient"/>, or is <see cref="DefaultOwner"/>.</returns>
    public SignatureMatch IdentifyBySignature(IRequestHeaders headers, ReadOnlySpan<byte> body) =>
        _everySecret?.Match(headers, body) ?? SignatureMatch.Failed(AuthenticationReasons.SignatureMismatch);

    /// <summary>The owner index of the default client's secrets in <see cref="IdentifyBySignature"/>.</summary>
    public int DefaultOwner => _signingClients.Length;

    /// <summary>The listed client that owns index <paramref name="owner"/> of <see cref="IdentifyBySignature"/>.</summary>
    public ListedClient SigningClient(int owner) => _signingClients[owner];

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
