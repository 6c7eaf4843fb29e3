using System.Globalization;
using System.Net.Http.Headers;
using CodatAlerts.Simulator.Alerts;

namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// Builds the HTTP request of one attempt with the headers Codat sends (reference §1.1, §1.2). In signed mode each
/// attempt carries a fresh <c>webhook-timestamp</c> and signature over the same <c>webhook-id</c> and body, as Svix
/// re-signs every retry.
/// </summary>
internal sealed class WebhookRequestFactory(SenderSettings settings, TimeProvider clock)
{
    public const string ClientIdHeader = "X-Codat-ClientId";
    public const string WebhookIdHeader = "webhook-id";
    public const string WebhookTimestampHeader = "webhook-timestamp";
    public const string WebhookSignatureHeader = "webhook-signature";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public HttpRequestMessage Create(OutgoingAlert alert, Uri target)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ReadOnlyMemoryContent(alert.Body) };
        request.Content.Headers.ContentType = Json;

        if (settings.Credentials.Authorization is { } authorization)
        {
            // Codat sends the configured value as is; it need not parse as a known scheme.
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (settings.Mode == DeliveryMode.Legacy || settings.SendClientIdHeader)
        {
            request.Headers.Add(ClientIdHeader, alert.ClientId);
        }

        if (settings.Mode == DeliveryMode.Signed)
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookIdHeader, alert.MessageId);
            request.Headers.Add(WebhookTimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            if (settings.Credentials.SignerFor(alert.ClientId) is { } signer)
            {
                request.Headers.Add(WebhookSignatureHeader, signer.Sign(alert.MessageId, timestamp, alert.Body.Span));
            }
        }

        return request;
    }
}
