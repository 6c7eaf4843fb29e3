using System.Diagnostics;
using System.Globalization;
using CodatAlerts.Contract;
using CodatAlerts.Intake.Authentication;
using CodatAlerts.Queueing;
using CodatAlerts.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Intake;

/// <summary>
/// The intake path of one delivery: read the body under a cap, authenticate for the named client, classify, route to
/// a partition, enqueue, and only then accept. Every refusal maps to the status code Codat's contract gives it; any
/// failure to store answers 503 with <c>Retry-After</c>, which both of Codat's senders retry (never 500, which the
/// legacy sender treats as final).
/// </summary>
public sealed class AlertIntake(
    IAlertAuthenticator authenticator,
    PartitionRouter router,
    IAlertEnqueuer enqueuer,
    IOptions<IntakeOptions> intakeOptions,
    IOptions<QueueingOptions> queueingOptions,
    AlertMetrics metrics,
    AlertTracing tracing,
    TimeProvider time,
    ILogger<AlertIntake> logger)
{
    private readonly IntakeOptions _options = intakeOptions.Value;
    private readonly TimeSpan _enqueueBudget = queueingOptions.Value.EnqueueBudget;

    public async Task<IntakeResult> AcceptAsync(AlertRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? claimedClientId = null;
        Activity? activity = null;
        IDisposable? scope = null;
        try
        {
            // Even reading the header and starting the telemetry stay inside the catch: nothing before the enqueue
            // may escape as the host's 500.
            claimedClientId = Loggable(FirstValue(request.Headers, CodatHeaders.ClientId));
            activity = tracing.StartIntake(claimedClientId);
            scope = logger.BeginRequestScope(claimedClientId);
            metrics.Received(claimedClientId);
            return await AcceptCoreAsync(request, claimedClientId, activity, cancellationToken);
        }
#pragma warning disable CA1031 // An escaping exception would become the host's 500, which Codat's legacy sender never retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var result = IntakeResult.Unavailable("unexpected-error", TimeSpan.FromSeconds(_options.RetryAfterSeconds));
            RecordUnexpected(ex, result, claimedClientId, activity);
            return result;
        }
        finally
        {
            scope?.Dispose();
            activity?.Dispose();
        }
    }

    /// <summary>Logs and counts an unexpected failure, without letting a failing log or meter lose the 503.</summary>
    private void RecordUnexpected(Exception ex, IntakeResult result, string? claimedClientId, Activity? activity)
    {
        try
        {
            IntakeLog.UnexpectedError(logger, ex);
            Refused(result, claimedClientId, ClientIdTrust.Claimed, activity);
        }
#pragma warning disable CA1031 // The answer matters more than its telemetry.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task<IntakeResult> AcceptCoreAsync(AlertRequest request, string? claimedClientId, Activity? activity, CancellationToken cancellationToken)
    {
        var received = time.GetUtcNow();
        var headers = request.Headers;

        var raw = await BoundedBodyReader.ReadAsync(request.Body, _options.MaxBodyBytes, DeclaredLength(headers), cancellationToken);
        if (raw is null)
        {
            return Refused(IntakeResult.TooLarge(_options.MaxBodyBytes), claimedClientId, ClientIdTrust.Claimed, activity);
        }

        if (!TrySingle(headers, CodatHeaders.ClientId, out var clientId))
        {
            return Refused(
                IntakeResult.BadRequest("ambiguous-client-id", "Ambiguous client", "X-Codat-ClientId must appear at most once."),
                clientId: null,
                ClientIdTrust.Claimed,
                activity);
        }

        if (ClientIdRefusals.OfHeader(clientId) is { } invalidClientId)
        {
            return Refused(invalidClientId, clientId: null, ClientIdTrust.Claimed, activity);
        }

        var authentication = authenticator.Authenticate(clientId, headers, raw);
        switch (authentication.Status)
        {
            case AuthenticationStatus.Unauthenticated:
                return Refused(IntakeResult.Unauthorized(authentication.Reason), clientId, ClientIdTrust.Claimed, activity);
            case AuthenticationStatus.Forbidden:
                return Refused(IntakeResult.Forbidden(authentication.Reason), clientId, ClientIdTrust.Claimed, activity);
        }

        if (!AlertClassifier.TryClassify(raw, WebhookId(headers), out var classification, out var error))
        {
            return Refused(IntakeResult.BadRequest(error.Reason, error.Title, error.Detail), authentication.ClientId, ClientIdTrust.Authenticated, activity);
        }

        if (ClientIdRefusals.OfBody(clientId, classification.ClientId) is { } mismatch)
        {
            return Refused(mismatch, authentication.ClientId, ClientIdTrust.Authenticated, activity);
        }

        var client = authentication.ClientId;
        var trace = PropagatedTraceContext.From(activity) ?? PropagatedTraceContext.Current();
        var envelope = new AlertEnvelope
        {
            Version = AlertEnvelope.CurrentVersion,
            IngestionId = Guid.CreateVersion7(received).ToString("N"),
            ClientId = client,
            ClientIdSource = authentication.ClientIdSource,
            ClaimedClientId = authentication.ClaimedClientId,
            DedupKey = classification.DedupKey,
            DedupKeySource = classification.DedupKeySource,
            RuleType = classification.RuleTypeName,
            RuleTypeQualifier = classification.Match?.Qualifier,
            RuleTypeKnown = classification.Match is not null,
            Shape = classification.Shape,
            Delivery = authentication.Delivery,
            ReceivedAt = received,
            Partition = router.Route(client),
            TraceParent = trace?.TraceParent,
            TraceState = BoundedTraceState(trace?.TraceState),
            // The array the body was read into, not a copy: the enqueuer encodes or uploads it from here.
            Body = raw,
        };

        activity.SetAlert(envelope);
        return await EnqueueAsync(envelope, activity, cancellationToken);
    }

    private async Task<IntakeResult> EnqueueAsync(AlertEnvelope envelope, Activity? activity, CancellationToken cancellationToken)
    {
        // The budget runs on the app's clock (not the SDK's per-try time-outs, which alone could add up to a minute),
        // so every answer leaves well inside the 15 s Codat's signed sender waits.
        // One source for both: the invocation's cancellation is forwarded by a registration (none when the token cannot
        // be cancelled), which costs less per alert than a second, linked source. Disposed first, the registration
        // waits for a forward in flight, so the source is never cancelled after its disposal.
        using var budget = new CancellationTokenSource(_enqueueBudget, time);
        using var invocation = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), budget);
        try
        {
            await enqueuer.EnqueueAsync(envelope, budget.Token);
        }
#pragma warning disable CA1031 // Whatever stopped the enqueue, the contract's answer is the same retryable 503.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = ex is OperationCanceledException ? "enqueue-timeout" : "enqueue-failed";
            IntakeLog.EnqueueFailed(logger, ex, envelope.ClientId, envelope.DedupKey, envelope.Partition, reason);
            var result = IntakeResult.Unavailable(reason, TimeSpan.FromSeconds(_options.RetryAfterSeconds));
            return Refused(result, envelope.ClientId, ClientIdTrust.Authenticated, activity);
        }

        metrics.Accepted(envelope);
        var clientIdSource = ClientIdSourceNames.Name(envelope.ClientIdSource);
        IntakeLog.Accepted(logger, envelope.ClientId, clientIdSource, envelope.DedupKey, envelope.RuleType, envelope.Partition, envelope.IngestionId);
        return IntakeResult.Accept(new AcceptedAlert(envelope.IngestionId, envelope.DedupKey, envelope.Partition));
    }

    private IntakeResult Refused(IntakeResult result, string? clientId, ClientIdTrust trust, Activity? activity)
    {
        IntakeLog.Refused(logger, result.StatusCode, result.Reason, clientId ?? string.Empty);
        metrics.Rejected(clientId, trust, result.StatusCode, result.Reason);
        activity.SetRejected(result.StatusCode, result.Reason);
        return result;
    }

    /// <summary>
    /// The intake's <c>tracestate</c> when it is at most <see cref="AlertEnvelope.MaxTraceStateLength"/> printable
    /// ASCII characters, as W3C requires it to be; otherwise none, so a caller's trace state can never make an envelope
    /// that does not fit a queue message (the trace id itself still travels in <c>traceparent</c>).
    /// </summary>
    private static string? BoundedTraceState(string? traceState)
    {
        if (traceState is null || traceState.Length > AlertEnvelope.MaxTraceStateLength)
        {
            return null;
        }

        foreach (var c in traceState)
        {
            if (c is < ' ' or > '~')
            {
                return null;
            }
        }

        return traceState;
    }

    /// <summary>
    /// The claimed client ID as spans, scopes and logs may carry it before it is checked: itself when it has a client
    /// ID's form, else a fixed word, so a header anyone can set never puts its own text (quotes, kilobytes) there.
    /// </summary>
    private static string? Loggable(string? claimedClientId) =>
        claimedClientId is null || CodatClientId.IsWellFormed(claimedClientId) ? claimedClientId : "malformed";

    private static string? FirstValue(IRequestHeaders headers, string name) =>
        headers.GetValues(name) is [var first, ..] ? first : null;

    private static string? WebhookId(IRequestHeaders headers)
    {
        var values = headers.GetValues(CodatHeaders.WebhookId);
        if (values.Count == 0)
        {
            values = headers.GetValues(CodatHeaders.SvixId);
        }

        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>
    /// The one value of a header that must not repeat, trimmed; null only when the header is absent. A header that is
    /// present but blank stays an empty value, so that it is refused as malformed rather than read as "no client" (which
    /// would hand the delivery to the default client and skip the body's cross-check). The Functions host joins repeated
    /// headers with commas before the worker sees them, so a comma counts as a repeat too (a client ID never contains one).
    /// </summary>
    private static bool TrySingle(IRequestHeaders headers, string name, out string? value)
    {
        var values = headers.GetValues(name);
        value = values.Count == 1 ? values[0].Trim() : null;
        return values.Count <= 1 && value?.Contains(',', StringComparison.Ordinal) != true;
    }

    private static long? DeclaredLength(IRequestHeaders headers)
    {
        var values = headers.GetValues(CodatHeaders.ContentLength);
        return values.Count == 1 && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
    }
}
