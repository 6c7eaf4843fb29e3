namespace CodatAlerts.Intake;

/// <summary>
/// The outcome of one delivery, already in the terms of Codat's contract: the status code, and what goes with it.
/// The HTTP function maps it to a response one to one.
/// </summary>
public sealed record IntakeResult
{
    private IntakeResult(int statusCode) => StatusCode = statusCode;

    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; }

    /// <summary>The 202 body, when accepted.</summary>
    public AcceptedAlert? Accepted { get; private init; }

    /// <summary>The problem body, when refused.</summary>
    public IntakeProblem? Problem { get; private init; }

    /// <summary>The <c>Retry-After</c> of a 503.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The <c>WWW-Authenticate</c> challenge of a 401.</summary>
    public string? Challenge { get; private init; }

    /// <summary>A short, stable, secret-free reason code for logs and metrics (<c>signature-mismatch</c>, …).</summary>
    public string Reason { get; private init; } = "accepted";

    /// <summary>The challenge of every 401: both schemes Codat's legacy sender can be configured with.</summary>
    public const string AuthenticateChallenge = "Basic realm=\"codat-alerts\", Bearer realm=\"codat-alerts\"";

    public static IntakeResult Accept(AcceptedAlert accepted) => new(202) { Accepted = accepted };

    public static IntakeResult BadRequest(string reason, string title, string detail) =>
        Refuse(400, reason, title, detail);

    public static IntakeResult Unauthorized(string reason) =>
        Refuse(401, reason, "Unauthorized", $"The request's credentials were not accepted ({reason}).") with
        {
            Challenge = AuthenticateChallenge,
        };

    public static IntakeResult Forbidden(string reason) =>
        Refuse(403, reason, "Forbidden", "No credentials are configured for this Codat client (X-Codat-ClientId).");

    public static IntakeResult TooLarge(int maxBytes) =>
        Refuse(413, "body-too-large", "Payload too large", $"The body is larger than the {maxBytes} bytes this endpoint accepts.");

    public static IntakeResult Unavailable(string reason, TimeSpan retryAfter) =>
        Refuse(503, reason, "Service unavailable", "The alert could not be stored; it was not accepted. Retry later.") with
        {
            RetryAfter = retryAfter,
        };

    private static IntakeResult Refuse(int status, string reason, string title, string detail) =>
        new(status) { Reason = reason, Problem = new IntakeProblem($"urn:codat-alerts:problem:{reason}", title, detail) };
}
