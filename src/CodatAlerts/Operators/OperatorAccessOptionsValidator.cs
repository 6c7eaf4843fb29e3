using Microsoft.Extensions.Options;

namespace CodatAlerts.Operators;

/// <summary>
/// Start-up checks: half an Entra ID configuration would silently fall back to "loopback only", so it fails the start
/// instead; ids must be GUIDs because the issuers the app accepts are built from them.
/// </summary>
internal sealed class OperatorAccessOptionsValidator : IValidateOptions<OperatorAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entra = options.EntraId;
        var failures = new List<string>();
        var hasTenant = !string.IsNullOrWhiteSpace(entra.TenantId);
        var hasClient = !string.IsNullOrWhiteSpace(entra.ClientId);
        if (hasTenant != hasClient)
        {
            failures.Add("Set both 'Operators__EntraId__TenantId' and 'Operators__EntraId__ClientId', or neither.");
        }

        if (hasTenant && !Guid.TryParse(entra.TenantId, out _))
        {
            failures.Add("'Operators__EntraId__TenantId' must be the directory (tenant) id, a GUID.");
        }

        if (hasClient && !Guid.TryParse(entra.ClientId, out _))
        {
            failures.Add("'Operators__EntraId__ClientId' must be the app registration's application (client) id, a GUID.");
        }

        if (!Uri.TryCreate(entra.Instance, UriKind.Absolute, out var instance)
            || instance.Scheme != Uri.UriSchemeHttps || !entra.Instance.EndsWith('/'))
        {
            failures.Add("'Operators__EntraId__Instance' must be an https URL ending in '/', e.g. " + EntraIdOptions.PublicCloudInstance);
        }

        if (options.TraceLinkTemplate is { } template && !TraceLink.IsValidTemplate(template))
        {
            failures.Add($"'Operators__TraceLinkTemplate' must be an https URL containing '{TraceLink.Placeholder}', or unset.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
