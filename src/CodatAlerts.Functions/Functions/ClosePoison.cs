using System.Net;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Http;
using CodatAlerts.Operations;
using CodatAlerts.Poison;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: closes poison messages by filter (<c>POST /api/poison/close</c>, JSON body
/// <c>{partition?, clientId?, ruleType?, since?, until?, dryRun}</c>). A dry run answers the count and the first 100
/// alerts; a close needs an <c>Idempotency-Key</c> header, is audited before it acts (503 when it cannot be) and
/// answers 200 with every alert it handled. Synchronous, at most 500 closed per call (see <see cref="PoisonCloser"/>).
/// </summary>
public sealed class ClosePoison(PoisonCloser closer, OperatorAudit audit)
{
    [Function(nameof(ClosePoison))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "poison/close")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        if (await OperationResponses.ReadBodyAsync(request.Body, cancellationToken) is not { } body)
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, $"The body is over {OperationResponses.MaxBodyBytes} bytes.");
        }

        if (!PoisonCloseRequest.TryParse(body, out var close, out var error))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error);
        }

        if (close.DryRun)
        {
            return await RespondAsync(request, await closer.CloseAsync(close, null, null, cancellationToken));
        }

        var caller = request.FunctionContext.GetOperator();
        if (caller is not { MayAct: true })
        {
            return await RecordResponses.ForbiddenAsync(request, "closing poison messages");
        }

        if (OperationResponses.IdempotencyKey(request) is not { } key)
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, "A close needs one Idempotency-Key header (1–128 characters).");
        }

        // Audited before it acts: an action the trail cannot hold does not run.
        var entry = audit.Request(caller, "poison-close", null, close.Describe(), key);
        if (!await audit.TryWriteAsync(entry, cancellationToken))
        {
            return await RecordResponses.FailureAsync(request, RecordStatus.Unavailable, null);
        }

        var result = await closer.CloseAsync(close, caller.Name, key, cancellationToken);
        var outcome = result.Status == RecordStatus.Ok ? $"closed {result.Alerts.Count(a => a.Skipped is null)} of {result.Count}" : "unavailable";
        await audit.TryWriteAsync(audit.Request(caller, entry.Action, null, entry.Filter, key) with { Id = entry.Id, Result = outcome }, CancellationToken.None);
        return await RespondAsync(request, result);
    }

    // Written without the invocation's token: once messages are closed, the answer must not become the host's 500.
    private static async Task<HttpResponseData> RespondAsync(HttpRequestData request, PoisonCloseResult result)
    {
        if (result.Status != RecordStatus.Ok)
        {
            var unavailable = await RecordResponses.JsonAsync(request, HttpStatusCode.ServiceUnavailable, PoisonCloser.ToJson(result));
            unavailable.Headers.Add("Retry-After", RecordResponses.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return unavailable;
        }

        return await RecordResponses.JsonAsync(request, HttpStatusCode.OK, PoisonCloser.ToJson(result));
    }
}
