using System.Collections.Frozen;
using CodatAlerts.Intake;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Telemetry;

/// <summary>
/// Decides the <see cref="TelemetryTags.ClientId"/> value so that the number of metric series stays bounded by the
/// configuration: a claimed ID is tagged only when it names a configured client, an authenticated one always (only
/// Codat, holding a credential, can produce it). IDs are GUIDs whose case varies between senders, so the tag is the
/// lower-case form.
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

        return trust == ClientIdTrust.Authenticated || _configured.Contains(trimmed)
            ? trimmed.ToLowerInvariant()
            : TelemetryTagValues.Unknown;
    }
}
