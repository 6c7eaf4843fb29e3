using System.Net;
using System.Web;
using CodatAlerts.Functions.Http;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Admin endpoint (function key): alerts by client, state, rule type and receipt time, a page at a time
/// (<c>GET /api/records?clientId=&amp;state=&amp;ruleType=&amp;since=&amp;until=&amp;max=&amp;continuation=</c>). Reads only.
/// </summary>
public sealed class ListAlertRecords(AlertRecordReader reader)
{
    [Function(nameof(ListAlertRecords))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "records")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        if (!RecordListRequest.TryParse(HttpUtility.ParseQueryString(request.Url.Query), out var list, out var error))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error);
        }

        var page = await reader.ListAsync(list, cancellationToken);
        return page.Status == RecordStatus.Ok
            ? await RecordResponses.JsonAsync(request, HttpStatusCode.OK, RecordsJson.List(page))
            : await RecordResponses.FailureAsync(request, page.Status, null);
    }
}
