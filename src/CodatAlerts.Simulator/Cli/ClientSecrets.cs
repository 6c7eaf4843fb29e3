using System.CommandLine.Parsing;
using CodatAlerts.Simulator.Delivery;

namespace CodatAlerts.Simulator.Cli;

/// <summary>
/// The values of <c>--client-secret</c>: <c>&lt;client-id&gt;=whsec_…</c>, one per client. Split at the first <c>=</c>:
/// a client ID has none, while base64 may end in padding.
/// </summary>
internal static class ClientSecrets
{
    /// <summary>Reports each malformed value, and a client given twice, without repeating any secret.</summary>
    public static void Validate(OptionResult result)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
        {
            if (!TrySplit(value, out var clientId, out var secret) || !StandardWebhookSigner.IsValidSecret(secret))
            {
                result.AddError("--client-secret takes <client-id>=whsec_... " + StandardWebhookSigner.SecretFormat);
            }
            else if (!seen.Add(clientId))
            {
                result.AddError($"--client-secret names client {clientId} twice; give each client one secret.");
            }
        }
    }

    /// <summary>The client IDs and their secrets, in the order given; call after <see cref="Validate"/> passed.</summary>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> values)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (TrySplit(value, out var clientId, out var secret))
            {
                pairs[clientId] = secret;
            }
        }

        return pairs;
    }

    private static bool TrySplit(string value, out string clientId, out string secret)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        clientId = equals > 0 ? value[..equals].Trim() : string.Empty;
        secret = equals > 0 ? value[(equals + 1)..].Trim() : string.Empty;
        return clientId.Length > 0 && secret.Length > 0;
    }
}
