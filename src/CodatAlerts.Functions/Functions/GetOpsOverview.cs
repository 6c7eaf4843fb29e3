using System.Globalization;
using System.Net;
using System.Web;
using CodatAlerts.Functions.Http;
using CodatAlerts.Overview;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: the console's overview (<c>GET /api/ops/overview?hours=6</c>, 1–24): alerts per minute by
/// outcome, each partition's depth, poison count and oldest waiting age. Costs: see <see cref="OverviewReader"/>.
/// </summary>
public sealed class GetOpsOverview(OverviewReader reader)
{
    private static readonly string[] Parameters = ["hours"];

    [Function(nameof(GetOpsOverview))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/overview")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        var hours = 6;
        if (!QueryParameters.OnlyKnown(query, Parameters, out var error)
            || (query["hours"] is { } h && (!int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out hours) || hours is < 1 or > OverviewReader.MaxHours)))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error.Length > 0 ? error : $"hours must be 1 to {OverviewReader.MaxHours}.");
        }

        return await reader.ReadAsync(hours, cancellationToken) is { } overview
            ? await RecordResponses.JsonAsync(request, HttpStatusCode.OK, OverviewReader.ToJson(overview))
            : await RecordResponses.FailureAsync(request, RecordStatus.Unavailable, null);
    }
}
