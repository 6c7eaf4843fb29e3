using System.Globalization;
using System.Net;
using CodatAlerts.Records;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Http;

/// <summary>
/// The inspector endpoints' responses: JSON bodies, and 503 with <c>Retry-After</c> when storage failed. They are
/// written without the invocation's token: once a re-run is queued, a write cancelled by a shutdown or time-out would
/// reach the operator as the host's 500, and a retry would queue the alert again.
/// </summary>
internal static class RecordResponses
{
    /// <summary>Seconds an operator (or a script) should wait before asking again after a 503.</summary>
    public const int RetryAfterSeconds = 10;

    public static Task<HttpResponseData> JsonAsync(HttpRequestData request, HttpStatusCode status, string json) =>
        WriteAsync(request, status, json);

    public static Task<HttpResponseData> ErrorAsync(HttpRequestData request, HttpStatusCode status, string error) =>
        WriteAsync(request, status, RecordsJson.Error(error));

    /// <summary>403 for a caller whose role does not allow what was asked (alert bodies, actions).</summary>
    public static Task<HttpResponseData> ForbiddenAsync(HttpRequestData request, string what) =>
        ErrorAsync(request, HttpStatusCode.Forbidden, $"Your role does not allow {what}; it needs the {Operators.OperatorRoles.Operator} role.");

    /// <summary>The exact archived bytes as a download: never rendered by a browser, never re-encoded.</summary>
    public static async Task<HttpResponseData> BodyAsync(HttpRequestData request, BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/octet-stream");
        response.Headers.Add("Content-Disposition", "attachment; filename=\"alert-body.json\"");
        response.Headers.Add("X-Content-Type-Options", "nosniff");
        await response.Body.WriteAsync(body.ToMemory(), CancellationToken.None);
        return response;
    }

    /// <summary>The response of a call that did not end <see cref="RecordStatus.Ok"/>.</summary>
    public static Task<HttpResponseData> FailureAsync(HttpRequestData request, RecordStatus status, string? reason) => status switch
    {
        RecordStatus.NotFound => ErrorAsync(request, HttpStatusCode.NotFound, "No record of this alert: never received, or past retention."),
        RecordStatus.Conflict => ErrorAsync(request, HttpStatusCode.Conflict, reason ?? "The alert is busy."),
        _ => UnavailableAsync(request),
    };

    /// <summary>
    /// The path segments after <c>records/</c>, percent-decoded one by one, read from the raw URL rather than the
    /// route values, so a dedup key holding <c>/</c> (sent as <c>%2F</c>) stays one segment.
    /// </summary>
    public static IReadOnlyList<string> SegmentsAfterRecords(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // The first "records" is the route's own (a dedup key may itself be "records").
        var at = Array.FindIndex(segments, s => s.Equals("records", StringComparison.OrdinalIgnoreCase));
        return at < 0 ? [] : [.. segments.Skip(at + 1).Select(Uri.UnescapeDataString)];
    }

    private static async Task<HttpResponseData> UnavailableAsync(HttpRequestData request)
    {
        var response = await WriteAsync(request, HttpStatusCode.ServiceUnavailable, RecordsJson.Error("Storage is unavailable; try again."));
        response.Headers.Add("Retry-After", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpStatusCode status, string json)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(json, cancellationToken: CancellationToken.None);
        return response;
    }
}
