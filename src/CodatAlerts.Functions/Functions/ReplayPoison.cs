using System.Net;
using System.Web;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Http;
using CodatAlerts.Operations.Background;
using CodatAlerts.Records;
using CodatAlerts.Replay;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: moves poison messages back to their partition queue (<c>POST /api/poison/replay</c>), filtered by
/// partition, client, rule type, receipt-time window and count, given either as the query string (scripts) or as a
/// JSON body (the console), never both. A dry run (the default) answers 200 at once with the count and the first 100
/// alerts. A replay needs an <c>Idempotency-Key</c>, is audited before anything starts (503 when it cannot be) and
/// runs in the background: 202 <c>{operationId, status}</c> with <c>Location: /api/operations/{id}</c> to poll. The
/// route is not under <c>admin/</c>, which the Functions host reserves for its own API.
/// </summary>
public sealed class ReplayPoison(PoisonReplayer replayer, OperationStarter starter)
{
    [Function(nameof(ReplayPoison))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "poison/replay")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        if (await OperationResponses.ReadBodyAsync(request.Body, cancellationToken) is not { } body)
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, $"The body is over {OperationResponses.MaxBodyBytes} bytes.");
        }

        var query = HttpUtility.ParseQueryString(request.Url.Query);
        var hasQuery = query.AllKeys.Any(k => k != QueryParameters.FunctionKey);
        var hasBody = body.Any(b => !char.IsWhiteSpace((char)b));
        ReplayRequest replay;
        string error;
        var parsed = hasQuery && hasBody
            ? Refuse("Give the filter as the query string or as a JSON body, not both.", out replay, out error)
            : hasBody ? ReplayRequest.TryParseJson(body, out replay, out error) : ReplayRequest.TryParse(query, out replay, out error);
        if (!parsed)
        {
            return await RecordResponses.JsonAsync(request, HttpStatusCode.BadRequest, ReplayJson.SerializeError(error));
        }

        if (replay.DryRun)
        {
            try
            {
                return await RecordResponses.JsonAsync(request, HttpStatusCode.OK, ReplayJson.Serialize(await replayer.ReplayAsync(replay, cancellationToken)));
            }
            catch (ReplayInterruptedException)
            {
                return await OperationResponses.UnavailableAsync(request);
            }
        }

        var caller = request.FunctionContext.GetOperator();
        if (caller is not { MayAct: true })
        {
            return await RecordResponses.ForbiddenAsync(request, "replaying poison messages");
        }

        if (OperationResponses.IdempotencyKey(request) is not { } key)
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, "A replay needs one Idempotency-Key header (1–128 characters); the dry run does not.");
        }

        return await OperationResponses.StartedAsync(request, await starter.StartAsync(caller, OperationKinds.Replay, replay.Describe(), key, cancellationToken));
    }

    private static bool Refuse(string why, out ReplayRequest replay, out string error)
    {
        replay = null!;
        error = why;
        return false;
    }
}
