using System.Collections.Frozen;
using CodatAlerts.Intake;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Telemetry;

/// <summary>
/// Decides the <see cref="TelemetryTags.ClientId"/> value so that the number of metric series stays bounded by the
/// configuration: an ID is tagged only when it names a configured client; any other is <c>unknown</c> when merely
/// claimed and <c>unlisted</c> when authenticated (through the default client entry, whose holder could otherwise
/// mint a series per ID). IDs are GUIDs whose case varies between senders, so the tag is the lower-case form.
/// </summary>
internal sealed class ClientIdTagPolicy(IOptions<IntakeOptions> options)
{
    private readonly FrozenSet<string> _configured = options.Value.Clients
        .Select(c => c.ClientId?.Trim())
        .OfType<string>()
        .Where(id => id.Length > 0)
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public string TagFor(string? clientId, ClientIdTrust trust)
    {
        var trimmed = clientId?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return TelemetryTagValues.None;
        }

        if (_configured.Contains(trimmed))
        {
            return trimmed.ToLowerInvariant();
        }

        return trust == ClientIdTrust.Authenticated ? TelemetryTagValues.Unlisted : TelemetryTagValues.Unknown;
    }
}
