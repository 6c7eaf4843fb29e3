using System.Diagnostics;

namespace CodatAlerts.Telemetry;

/// <summary>
/// The W3C trace context of a span, as text, for a carrier that has no headers: the intake writes it into
/// <see cref="Queueing.AlertEnvelope.TraceParent"/> and <see cref="Queueing.AlertEnvelope.TraceState"/> because Storage
/// queue messages have no metadata to carry it (reference azure-platform §5).
/// </summary>
/// <param name="TraceParent">The <c>traceparent</c>: <c>00-{trace id}-{span id}-{flags}</c>.</param>
/// <param name="TraceState">The <c>tracestate</c>, when the trace has one.</param>
public sealed record PropagatedTraceContext(string TraceParent, string? TraceState)
{
    /// <summary>The context of <paramref name="activity"/> (by default <see cref="Activity.Current"/>); null without a W3C span.</summary>
    public static PropagatedTraceContext? From(Activity? activity)
    {
        // Hierarchical (pre-W3C) ids cannot be parsed back into an ActivityContext by the processor.
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null)
        {
            return null;
        }

        return new PropagatedTraceContext(activity.Id, activity.TraceStateString);
    }

    /// <summary>The context of the span running now; null when there is none.</summary>
    public static PropagatedTraceContext? Current() => From(Activity.Current);

    /// <summary>
    /// The trace id a <c>traceparent</c> names (32 lower-case hex digits), the key the operator's telemetry is searched
    /// by; null when <paramref name="traceParent"/> is missing or not a valid W3C value.
    /// </summary>
    public static string? TraceIdOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;
}
