using System.Net;
using System.Web;
using CodatAlerts.Functions.Http;
using CodatAlerts.Journey;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: everything that happened to one alert, oldest first
/// (<c>GET /api/records/{clientId}/{dedupKey}/journey</c>). Two reads, in parallel: the record and its journey blob.
/// </summary>
public sealed class GetAlertJourney(AlertJourneyReader journeys)
{
    [Function(nameof(GetAlertJourney))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "records/{clientId}/{dedupKey}/journey")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var segments = RecordResponses.SegmentsAfterRecords(request.Url);
        if (!QueryParameters.OnlyKnown(HttpUtility.ParseQueryString(request.Url.Query), [], out var error)
            || segments.Count != 3 || segments[1].Length == 0 || segments[2] != "journey")
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error.Length > 0 ? error : "Use /api/records/{clientId}/{dedupKey}/journey.");
        }

        var (status, events) = await journeys.ReadAsync(ClientSegment.ToClientId(segments[0]), segments[1], cancellationToken);
        return status == RecordStatus.Ok
            ? await RecordResponses.JsonAsync(request, HttpStatusCode.OK, AlertJourneyReader.ToJson(events))
            : await RecordResponses.FailureAsync(request, status, null);
    }
}
