using System.Net;
using CodatAlerts.Functions.Http;
using CodatAlerts.Operations.Background;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint (reader role): the status of a background operation (<c>GET /api/operations/{id}</c>): kind,
/// status (<c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>), who asked and when, the filter, the counts
/// and the alerts it touched. 404 for an unknown id, 503 when storage fails.
/// </summary>
public sealed class GetOperation(OperationStore store)
{
    [Function(nameof(GetOperation))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/{id}")] HttpRequestData request,
        string id,
        CancellationToken cancellationToken)
    {
        var (found, status) = OperationIds.IsWellFormed(id) ? await store.FindAsync(id, cancellationToken) : (RecordStatus.NotFound, null);
        return found switch
        {
            RecordStatus.Ok => await RecordResponses.JsonAsync(request, HttpStatusCode.OK, OperationJson.Status(status!)),
            RecordStatus.NotFound => await RecordResponses.ErrorAsync(request, HttpStatusCode.NotFound, "No such operation."),
            _ => await OperationResponses.UnavailableAsync(request),
        };
    }
}
