using System.Net;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Http;
using CodatAlerts.Operations.Background;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: re-runs every alert a records filter selects (<c>POST /api/operations/rerun</c>, JSON body
/// <c>{clientId?, ruleType?, state?, companyId?, since, until, dryRun}</c>). A dry run answers 200 with the count and
/// the first 100 alerts; otherwise an <c>Idempotency-Key</c> is required, the request is audited, and the work runs in
/// the background: 202 <c>{operationId, status}</c> with <c>Location: /api/operations/{id}</c> to poll.
/// </summary>
public sealed class StartRerunOperation(RerunPreview preview, OperationStarter starter)
{
    [Function(nameof(StartRerunOperation))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/rerun")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        if (await OperationResponses.ReadBodyAsync(request.Body, cancellationToken) is not { } body)
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, $"The body is over {OperationResponses.MaxBodyBytes} bytes.");
        }

        if (!RerunFilter.TryParse(body, out var filter, out var error))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error);
        }

        if (filter.DryRun)
        {
            return await preview.CountAsync(filter, cancellationToken) is { } answer
                ? await RecordResponses.JsonAsync(request, HttpStatusCode.OK, OperationJson.DryRun(answer))
                : await OperationResponses.UnavailableAsync(request);
        }

        var caller = request.FunctionContext.GetOperator();
        if (caller is not { MayAct: true })
        {
            return await RecordResponses.ForbiddenAsync(request, "re-running alerts");
        }

        if (OperationResponses.IdempotencyKey(request) is not { } key)
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, "A re-run needs one Idempotency-Key header (1–128 characters).");
        }

        return await OperationResponses.StartedAsync(request, await starter.StartAsync(caller, OperationKinds.Rerun, filter.Describe(), key, cancellationToken));
    }
}
