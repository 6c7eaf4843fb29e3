namespace CodatAlerts.Intake.Authentication;

/// <summary>A client listed in the configuration.</summary>
/// <param name="ClientId">Its ID in <see cref="CodatClientId"/> form.</param>
/// <param name="Options">Its settings as configured.</param>
/// <param name="Credentials">Its credentials, ready for requests.</param>
internal sealed record ListedClient(string ClientId, ClientCredentialsOptions Options, ClientCredentials Credentials);
