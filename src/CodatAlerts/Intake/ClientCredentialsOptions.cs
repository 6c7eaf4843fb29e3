namespace CodatAlerts.Intake;

/// <summary>How one Codat client authenticates, and where its alerts go.</summary>
public sealed class ClientCredentialsOptions
{
    /// <summary>The Codat client ID, as sent in <c>X-Codat-ClientId</c>. Required for listed clients; unused on the default.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Accepted <c>Authorization</c> header values, whole (<c>Bearer abc</c>, <c>Basic dXNlcjpwYXNz</c>). Several, so a
    /// value can be rotated without losing an alert. Key Vault references in Azure, never in source.
    /// </summary>
    public IList<string> Authorization { get; } = [];

    /// <summary>Accepted Standard Webhooks signing secrets (<c>whsec_…</c>). Several during rotation.</summary>
    public IList<string> SigningSecrets { get; } = [];

    /// <summary>What a request must prove. <see cref="CredentialRequirement.Any"/> by default.</summary>
    public CredentialRequirement Require { get; set; } = CredentialRequirement.Any;

    /// <summary>A partition to pin this client to (a noisy client on its own queue); hashed when null.</summary>
    public int? Partition { get; set; }
}
