using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Access;

/// <summary>
/// <c>GET /api/ops/me</c>: the caller as the access check established it, so the console can show who is signed in
/// and hide what the role may not do. An operator endpoint like any other: anonymous at the host, checked by the app.
/// </summary>
public sealed class GetOperatorSelf
{
    [Function(nameof(GetOperatorSelf))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/me")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The middleware admitted the caller before this runs; no operator here means the pipeline is miswired.
        var caller = context.GetOperator() ?? throw new InvalidOperationException("No operator was established for an operator endpoint.");
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        response.Headers.Add("Cache-Control", "no-store");
        await JsonSerializer.SerializeAsync(response.Body, OperatorSelf.From(caller), AccessJsonContext.Default.OperatorSelf, CancellationToken.None);
        return response;
    }
}
