using System.Net;
using System.Web;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Http;
using CodatAlerts.Operations;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: runs one alert again from its archived body
/// (<c>POST /api/records/{clientId}/{dedupKey}/rerun</c>). A dry run (the default) only checks; running needs
/// <c>dryRun=false</c>. 409 while a worker holds the alert.
/// </summary>
public sealed class RerunAlert(AlertRerunner rerunner, OperatorAudit audit)
{
    private static readonly string[] Parameters = ["dryRun"];

    [Function(nameof(RerunAlert))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "records/{clientId}/{dedupKey}/rerun")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        var segments = RecordResponses.SegmentsAfterRecords(request.Url);
        if (!QueryParameters.OnlyKnown(query, Parameters, out var error)
            || !QueryParameters.TryFlag(query, "dryRun", fallback: true, out var dryRun, out error)
            || segments.Count != 3 || segments[1].Length == 0 || segments[2] != "rerun")
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error.Length > 0 ? error : "Use /api/records/{clientId}/{dedupKey}/rerun?dryRun=true|false.");
        }

        var caller = request.FunctionContext.GetOperator();
        if (!dryRun && caller is not { MayAct: true })
        {
            return await RecordResponses.ForbiddenAsync(request, "re-running alerts");
        }

        if (dryRun)
        {
            return await RespondAsync(request, await rerunner.RerunAsync(ClientSegment.ToClientId(segments[0]), segments[1], dryRun: true, cancellationToken));
        }

        // Audited before it starts: an action the trail cannot hold does not run.
        var entry = audit.Request(caller!, "rerun", $"{segments[0]}/{segments[1]}", null);
        if (!await audit.TryWriteAsync(entry, cancellationToken))
        {
            return await RecordResponses.FailureAsync(request, RecordStatus.Unavailable, null);
        }

        var result = await rerunner.RerunAsync(ClientSegment.ToClientId(segments[0]), segments[1], dryRun: false, cancellationToken, caller!.Name);
        await audit.TryWriteAsync(audit.Request(caller, "rerun", entry.Target, null) with { Id = entry.Id, Result = Outcome(result.Status) }, CancellationToken.None);
        return await RespondAsync(request, result);
    }

    private static string Outcome(RecordStatus status) => status switch
    {
        RecordStatus.Ok => "accepted",
        RecordStatus.Conflict => "refused",
        RecordStatus.NotFound => "not-found",
        _ => "unavailable",
    };

    private static async Task<HttpResponseData> RespondAsync(HttpRequestData request, RerunResult result)
    {
        return result.Status switch
        {
            RecordStatus.Ok => await RecordResponses.JsonAsync(request, result.DryRun ? HttpStatusCode.OK : HttpStatusCode.Accepted, RecordsJson.Rerun(result)),
            RecordStatus.Conflict => await RecordResponses.JsonAsync(request, HttpStatusCode.Conflict, RecordsJson.Rerun(result)),
            _ => await RecordResponses.FailureAsync(request, result.Status, result.Reason),
        };
    }
}
