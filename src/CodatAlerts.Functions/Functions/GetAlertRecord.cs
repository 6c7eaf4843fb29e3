using System.Net;
using System.Web;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Http;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: what happened to one alert. <c>GET /api/records/{clientId}/{dedupKey}</c>, with
/// <c>?body=true</c> for the archived body (the operator role only: bodies are customer data). Reads only. The client
/// segment <c>_</c> means "no client ID".
/// </summary>
public sealed class GetAlertRecord(AlertRecordReader reader)
{
    private static readonly string[] Parameters = ["body"];

    [Function(nameof(GetAlertRecord))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "records/{clientId}/{dedupKey}")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        var segments = RecordResponses.SegmentsAfterRecords(request.Url);
        if (!QueryParameters.OnlyKnown(query, Parameters, out var error)
            || !QueryParameters.TryFlag(query, "body", fallback: false, out var withBody, out error)
            || segments.Count != 2 || segments[1].Length == 0)
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error.Length > 0 ? error : "Use /api/records/{clientId}/{dedupKey}.");
        }

        if (withBody && request.FunctionContext.GetOperator() is not { MayReadBodies: true })
        {
            return await RecordResponses.ForbiddenAsync(request, "reading alert bodies");
        }

        var lookup = await reader.GetAsync(ClientSegment.ToClientId(segments[0]), segments[1], withBody, cancellationToken);
        return lookup.Status == RecordStatus.Ok
            ? await RecordResponses.JsonAsync(request, HttpStatusCode.OK, RecordsJson.Lookup(lookup.Record!, lookup.Body))
            : await RecordResponses.FailureAsync(request, lookup.Status, null);
    }
}
