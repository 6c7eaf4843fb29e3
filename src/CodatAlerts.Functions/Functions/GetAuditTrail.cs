using System.Globalization;
using System.Net;
using System.Web;
using CodatAlerts.Functions.Http;
using CodatAlerts.Operations;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: who did what, newest first (<c>GET /api/audit?since=&amp;until=&amp;limit=</c>; default the last
/// 7 days, at most <see cref="OperatorAudit.MaxDays"/>, limit 1–1000, default 100). One Get Blob per day read.
/// </summary>
public sealed class GetAuditTrail(OperatorAudit audit, TimeProvider time)
{
    private static readonly string[] Parameters = ["since", "until", "limit"];

    [Function(nameof(GetAuditTrail))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        if (!QueryParameters.OnlyKnown(query, Parameters, out var error)
            || !QueryParameters.TryTime(query, "since", out var since, out error)
            || !QueryParameters.TryTime(query, "until", out var until, out error))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error);
        }

        var to = until ?? time.GetUtcNow().AddMinutes(1); // until is exclusive: an entry written this instant is included.
        var from = since ?? to.AddDays(-7);
        var limit = 100;
        if (to <= from || to - from > TimeSpan.FromDays(OperatorAudit.MaxDays)
            || (query["limit"] is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, $"until must follow since by at most {OperatorAudit.MaxDays} days, limit be 1 to 1000.");
        }

        var (status, entries) = await audit.ReadAsync(from, to, limit, cancellationToken);
        return status == RecordStatus.Ok
            ? await RecordResponses.JsonAsync(request, HttpStatusCode.OK, OperatorAudit.ToJson(entries))
            : await RecordResponses.FailureAsync(request, status, null);
    }
}
