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
        return await result.ToResponseAsync(request, cancellationToken);
    }
}
