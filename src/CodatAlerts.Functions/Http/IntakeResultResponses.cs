using System.Globalization;
using System.Net;
using System.Text.Json;
using CodatAlerts.Intake;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Http;

/// <summary>Maps an <see cref="IntakeResult"/> to the HTTP response, one field to one header or body.</summary>
internal static class IntakeResultResponses
{
    public static async Task<HttpResponseData> ToResponseAsync(this IntakeResult result, HttpRequestData request, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse((HttpStatusCode)result.StatusCode);
        if (result.RetryAfter is { } retryAfter)
        {
            response.Headers.Add("Retry-After", RetryAfterSeconds(retryAfter));
        }

        if (result.Challenge is { } challenge)
        {
            response.Headers.Add("WWW-Authenticate", challenge);
        }

        if (result.Accepted is { } accepted)
        {
            response.Headers.Add("Content-Type", "application/json; charset=utf-8");
            await JsonSerializer.SerializeAsync(response.Body, accepted, ResponseJsonContext.Default.AcceptedAlert, cancellationToken);
        }
        else if (result.Problem is { } problem)
        {
            await WriteProblemAsync(response, result.StatusCode, problem, cancellationToken);
        }

        return response;
    }

    /// <summary>Writes an <c>application/problem+json</c> body.</summary>
    public static async Task WriteProblemAsync(HttpResponseData response, int status, IntakeProblem problem, CancellationToken cancellationToken)
    {
        response.Headers.Add("Content-Type", "application/problem+json; charset=utf-8");
        var body = new ProblemBody(problem.Type, problem.Title, status, problem.Detail);
        await JsonSerializer.SerializeAsync(response.Body, body, ResponseJsonContext.Default.ProblemBody, cancellationToken);
    }

    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
