using CodatAlerts.Simulator.Alerts;
using CodatAlerts.Simulator.Reporting;

namespace CodatAlerts.Simulator.Delivery;

/// <summary>
/// Delivers one alert as Codat does: attempt, classify the answer, and either stop or wait (on <paramref name="clock"/>,
/// compressed by the time scale) and try again. Legacy mode follows redirects inside an attempt and never remembers
/// them; signed mode treats a redirect like any other non-2xx answer.
/// </summary>
/// <param name="http">A client with automatic redirects off: redirects are this class's decision.</param>
internal sealed class AlertSender(HttpClient http, SenderSettings settings, RequestSlots slots, RunStatistics statistics, TimeProvider clock)
{
    /// <summary>Redirects followed within one legacy attempt before it counts as a final 3xx.</summary>
    public const int MaxRedirects = 10;

    private readonly WebhookRequestFactory _requests = new(settings, clock);
    private readonly LegacyRetryPolicy _legacyPolicy = new(clock);

    /// <summary>Delivers <paramref name="alert"/>, taking a request slot for the first attempt.</summary>
    public async Task<DeliveryResult> DeliverAsync(OutgoingAlert alert, CancellationToken cancellationToken) =>
        await DeliverAsync(alert, await slots.TakeAsync(cancellationToken), cancellationToken);

    /// <summary>Delivers <paramref name="alert"/>, its first attempt using the slot the caller already holds.</summary>
    public async Task<DeliveryResult> DeliverAsync(OutgoingAlert alert, RequestSlot firstSlot, CancellationToken cancellationToken)
    {
        var attempts = new List<AttemptResult>();
        var waits = new List<TimeSpan>();
        var slot = firstSlot;

        // The legacy window is counted on Codat's clock: attempts as long as they really took, waits unscaled.
        var codatElapsed = TimeSpan.Zero;
        while (true)
        {
            AttemptResult attempt;
            using (slot)
            {
                attempt = await AttemptAsync(alert, cancellationToken);
            }

            attempts.Add(attempt);
            statistics.AttemptCompleted(attempt);
            codatElapsed += attempt.Duration;
            if (attempt.Succeeded)
            {
                return Finish(new DeliveryResult(alert, attempts, waits, LostBecause: null));
            }

            var decision = settings.Mode == DeliveryMode.Legacy
                ? _legacyPolicy.Decide(attempt.StatusCode, attempt.RetryAfter, retriesMade: attempts.Count - 1, codatElapsed)
                : SignedRetrySchedule.Decide(attempts.Count);
            if (decision.Delay is not { } wait)
            {
                return Finish(new DeliveryResult(alert, attempts, waits, decision.Reason));
            }

            waits.Add(wait);
            codatElapsed += wait;
            statistics.RetryScheduled();
            await Task.Delay(settings.TimeScale.Apply(wait), clock, cancellationToken);
            slot = await slots.TakeAsync(cancellationToken);
        }
    }

    private DeliveryResult Finish(DeliveryResult result)
    {
        statistics.AlertFinished(result);
        return result;
    }

    private async Task<AttemptResult> AttemptAsync(OutgoingAlert alert, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(settings.AttemptTimeout, clock);
        using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var target = settings.Url;
        var redirects = 0;
        try
        {
            while (true)
            {
                using var request = _requests.Create(alert, target);
                using var response = await http.SendAsync(request, attemptCancellation.Token);
                var status = (int)response.StatusCode;
                statistics.ResponseReceived(status);

                if (settings.Mode == DeliveryMode.Legacy && status is >= 300 and <= 399
                    && response.Headers.Location is { } location && redirects < MaxRedirects)
                {
                    target = new Uri(target, location);
                    redirects++;
                    continue;
                }

                var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
                return AttemptResult.Answered(status, retryAfter, clock.GetElapsedTime(started), redirects);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return AttemptResult.Failed(NoAnswer.Timeout, clock.GetElapsedTime(started), redirects);
        }
        catch (HttpRequestException)
        {
            return AttemptResult.Failed(NoAnswer.ConnectionFailed, clock.GetElapsedTime(started), redirects);
        }
    }
}
