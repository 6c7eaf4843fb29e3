using System.Net;
using System.Web;
using CodatAlerts.Replay;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Admin endpoint (function key): moves poison messages back to their partition queue, filtered by partition,
/// client, rule type, receipt-time window and count; a dry run (the default) only counts. The route is not under <c>admin/</c>, which
/// the Functions host reserves for its own API and refuses for functions.
/// </summary>
public sealed class ReplayPoison(PoisonReplayer replayer)
{
    [Function(nameof(ReplayPoison))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "poison/replay")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        if (!ReplayRequest.TryParse(HttpUtility.ParseQueryString(request.Url.Query), out var replay, out var error))
        {
            return await JsonAsync(request, HttpStatusCode.BadRequest, ReplayJson.SerializeError(error));
        }

        var report = await replayer.ReplayAsync(replay, cancellationToken);
        return await JsonAsync(request, HttpStatusCode.OK, ReplayJson.Serialize(report));
    }

    // Written without the invocation's token: once messages have moved, a write cancelled by a shutdown or time-out
    // would hide the report behind the host's 500.
    private static async Task<HttpResponseData> JsonAsync(HttpRequestData request, HttpStatusCode status, string json)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(json, cancellationToken: CancellationToken.None);
        return response;
    }
}
