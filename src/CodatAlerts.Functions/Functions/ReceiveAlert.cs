using CodatAlerts.Functions.Http;
using CodatAlerts.Intake;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// <c>POST /api/alerts</c>: Codat's webhook endpoint. Anonymous at the function level because the app authenticates
/// Codat itself (per-client Authorization values or Standard Webhooks signatures), which a function key cannot express.
/// </summary>
public sealed class ReceiveAlert(AlertIntake intake)
{
    [Function(nameof(ReceiveAlert))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "alerts")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await intake.AcceptAsync(new AlertRequest(request.Body, new RequestHeaders(request.Headers)), cancellationToken);

        // Written without the invocation's token: once the outcome is decided it must reach Codat. A write cancelled by
        // a shutdown or time-out would escape as the host's 500, which the legacy sender treats as final, and would turn
        // a 503 (or a 202 for an alert already queued) into a lost alert.
        return await result.ToResponseAsync(request, CancellationToken.None);
    }
}
