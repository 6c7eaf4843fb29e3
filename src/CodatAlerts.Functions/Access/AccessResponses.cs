using System.Globalization;
using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Http;
using CodatAlerts.Operators;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Access;

/// <summary>The refusals of the access check, as <c>application/problem+json</c> like the rest of the app.</summary>
internal static class AccessResponses
{
    public const int RetryAfterSeconds = 10;

    public static HttpStatusCode Status(AccessRefusalKind kind) => kind switch
    {
        AccessRefusalKind.Unauthenticated => HttpStatusCode.Unauthorized,
        AccessRefusalKind.Forbidden => HttpStatusCode.Forbidden,
        _ => HttpStatusCode.ServiceUnavailable,
    };

    public static async Task<HttpResponseData> RefuseAsync(HttpRequestData request, AccessRefusal refusal)
    {
        var status = Status(refusal.Kind);
        var response = request.CreateResponse(status);
        switch (refusal.Kind)
        {
            case AccessRefusalKind.Unauthenticated:
                response.Headers.Add("WWW-Authenticate", "Bearer");
                break;
            case AccessRefusalKind.Unavailable:
                response.Headers.Add("Retry-After", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                break;
        }

        response.Headers.Add("Content-Type", "application/problem+json; charset=utf-8");
        response.Headers.Add("Cache-Control", "no-store");
        var body = refusal.Kind switch
        {
            AccessRefusalKind.Unauthenticated => new ProblemBody("urn:codat-alerts:problem:operator-unauthenticated", "Sign-in required", 401, refusal.Detail),
            AccessRefusalKind.Forbidden => new ProblemBody("urn:codat-alerts:problem:operator-forbidden", "Not allowed", 403, refusal.Detail),
            _ => new ProblemBody("urn:codat-alerts:problem:operator-check-unavailable", "Sign-in cannot be checked", 503, refusal.Detail),
        };
        // Written without the invocation's token: a refusal must reach the caller even if the invocation is cancelled.
        await JsonSerializer.SerializeAsync(response.Body, body, AccessJsonContext.Default.ProblemBody, CancellationToken.None);
        return response;
    }
}
