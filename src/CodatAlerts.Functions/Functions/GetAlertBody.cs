using System.Net;
using System.Web;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Http;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: the archived body of one alert as its exact bytes, for download
/// (<c>GET /api/records/{clientId}/{dedupKey}/body</c>, operator role only). One Get Blob.
/// </summary>
public sealed class GetAlertBody(AlertRecordReader reader)
{
    [Function(nameof(GetAlertBody))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "records/{clientId}/{dedupKey}/body")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var segments = RecordResponses.SegmentsAfterRecords(request.Url);
        if (!QueryParameters.OnlyKnown(HttpUtility.ParseQueryString(request.Url.Query), [], out var error)
            || segments.Count != 3 || segments[1].Length == 0 || segments[2] != "body")
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error.Length > 0 ? error : "Use /api/records/{clientId}/{dedupKey}/body.");
        }

        if (request.FunctionContext.GetOperator() is not { MayReadBodies: true })
        {
            return await RecordResponses.ForbiddenAsync(request, "reading alert bodies");
        }

        var lookup = await reader.GetAsync(ClientSegment.ToClientId(segments[0]), segments[1], withBody: true, cancellationToken);
        return lookup.Status == RecordStatus.Ok
            ? await RecordResponses.BodyAsync(request, lookup.Body!)
            : await RecordResponses.FailureAsync(request, lookup.Status, null);
    }
}
