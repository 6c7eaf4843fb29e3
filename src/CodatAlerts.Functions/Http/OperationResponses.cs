using System.Globalization;
using System.Net;
using CodatAlerts.Operations.Background;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Http;

/// <summary>What the operator actions share (re-run and replay by filter, close): the body read, the Idempotency-Key, the 202.</summary>
internal static class OperationResponses
{
    /// <summary>The largest body read: a filter is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 4096;

    /// <summary>The body, or null when it is over <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return read > MaxBodyBytes ? null : buffer[..read];
    }

    /// <summary>The one Idempotency-Key header of 1–128 characters; null when missing, repeated or out of bounds.</summary>
    public static string? IdempotencyKey(HttpRequestData request) =>
        request.Headers.TryGetValues("Idempotency-Key", out var keys) && keys.SingleOrDefault() is { Length: > 0 and <= 128 } key ? key : null;

    /// <summary>202 + <c>Location</c>, 409 for a reused key, or 503 + <c>Retry-After</c>: never a 500.</summary>
    public static async Task<HttpResponseData> StartedAsync(HttpRequestData request, StartOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome.Result)
        {
            case StartResult.Accepted:
                var accepted = await RecordResponses.JsonAsync(request, HttpStatusCode.Accepted, OperationJson.Started(outcome.Status!));
                accepted.Headers.Add("Location", "/api/operations/" + outcome.Status!.OperationId);
                return accepted;
            case StartResult.KeyReused:
                return await RecordResponses.ErrorAsync(request, HttpStatusCode.Conflict, "This Idempotency-Key was used for another operation or filter; use a new key for a new operation.");
            default:
                return await UnavailableAsync(request);
        }
    }

    /// <summary>503 + <c>Retry-After</c>.</summary>
    public static async Task<HttpResponseData> UnavailableAsync(HttpRequestData request)
    {
        var response = await RecordResponses.ErrorAsync(request, HttpStatusCode.ServiceUnavailable, "Storage is unavailable; nothing started. Try again with the same Idempotency-Key.");
        response.Headers.Add("Retry-After", RecordResponses.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        return response;
    }
}
