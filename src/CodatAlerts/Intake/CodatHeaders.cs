namespace CodatAlerts.Intake;

/// <summary>The request headers the intake reads.</summary>
public static class CodatHeaders
{
    /// <summary>The Codat client the alert belongs to (legacy: always; signed: when set as a custom header).</summary>
    public const string ClientId = "X-Codat-ClientId";

    public const string Authorization = "Authorization";
    public const string ContentLength = "Content-Length";

    /// <summary>Standard Webhooks id: the dedup key of a signed delivery.</summary>
    public const string WebhookId = "webhook-id";

    /// <summary>The Svix name of <see cref="WebhookId"/>, which Svix libraries also accept.</summary>
    public const string SvixId = "svix-id";
}
