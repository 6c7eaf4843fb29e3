using System.Globalization;
using System.Net;
using System.Web;
using CodatAlerts.Functions.Http;
using CodatAlerts.Poison;
using CodatAlerts.Queueing;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Operator endpoint: the poison messages, peeked and never received (<c>GET /api/poison?partition=&amp;limit=</c>;
/// limit 1–500, default 50). One Peek Messages per partition read.
/// </summary>
public sealed class ListPoison(PoisonListing listing)
{
    private static readonly string[] Parameters = ["partition", "limit"];

    [Function(nameof(ListPoison))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "poison")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        if (!QueryParameters.OnlyKnown(query, Parameters, out var error))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, error);
        }

        int? partition = null;
        if (query["partition"] is { } p)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value >= AlertPartitions.Count)
            {
                return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, $"partition must be 0 to {AlertPartitions.Count - 1}.");
            }

            partition = value;
        }

        var limit = PoisonListing.DefaultLimit;
        if (query["limit"] is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > PoisonListing.MaxLimit))
        {
            return await RecordResponses.ErrorAsync(request, HttpStatusCode.BadRequest, $"limit must be 1 to {PoisonListing.MaxLimit}.");
        }

        var (status, list) = await listing.ListAsync(partition, limit, cancellationToken);
        return status == RecordStatus.Ok
            ? await RecordResponses.JsonAsync(request, HttpStatusCode.OK, PoisonListing.ToJson(list))
            : await RecordResponses.FailureAsync(request, status, null);
    }
}
