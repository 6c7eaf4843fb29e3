using System.Text;

namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// What the sender presents: a static <c>Authorization</c> header and, in signed mode, the signing secret, or one secret
/// per client (each Codat client's consumer has a secret of its own).
/// </summary>
/// <param name="Authorization">The whole header value (<c>Bearer …</c> or <c>Basic …</c>), or none.</param>
/// <param name="Signer">Signs each attempt in signed mode; none in legacy mode, which has no signature.</param>
/// <param name="SignersByClient">Per-client signers, by client ID; they take precedence over <paramref name="Signer"/>.</param>
internal sealed record SenderCredentials(
    string? Authorization,
    StandardWebhookSigner? Signer,
    IReadOnlyDictionary<string, StandardWebhookSigner>? SignersByClient = null)
{
    /// <summary>The signer of <paramref name="clientId"/>'s alerts: its own, else the run's one signer, else none.</summary>
    public StandardWebhookSigner? SignerFor(string clientId) =>
        SignersByClient is not null && SignersByClient.TryGetValue(clientId, out var own) ? own : Signer;

    /// <summary><c>Bearer &lt;token&gt;</c>: Codat sends the custom token as it was entered.</summary>
    public static string Bearer(string token) => "Bearer " + token;

    /// <summary><c>Basic base64(user:password)</c> from <c>user:password</c>.</summary>
    public static string Basic(string userColonPassword) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userColonPassword));
}
