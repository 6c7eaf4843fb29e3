using System.Diagnostics;
using CodatAlerts.Telemetry;
using OpenTelemetry;

namespace CodatAlerts.Functions.Telemetry;

/// <summary>
/// Keeps every accepted alert's trace, and at most <c>Telemetry:RefusedTracesPerMinute</c> traces a minute of intake
/// requests refused with a 4xx (401, 403, 400, 413...), so that a flood of junk against the public URL cannot fill the
/// workspace. It decides when the intake span ends, once the status is known, by clearing the Recorded flag of that
/// span and of its parent (the worker's invocation span, still open); the export processor skips spans that are not
/// recorded. Metrics are not sampled: the workbook and every alert rule read customMetrics, which count every request.
/// Registered before the exporter, so it runs first.
/// </summary>
internal sealed class RefusedRequestSampler(int tracesPerMinute, TimeProvider time) : BaseProcessor<Activity>
{
    public const string Setting = "Telemetry:RefusedTracesPerMinute";

    /// <summary>Refused traces kept per minute when the setting is absent.</summary>
    public const int DefaultTracesPerMinute = 60;

    private readonly Lock gate = new();
    private long windowMinute = -1;
    private int keptInWindow;

    public override void OnEnd(Activity data)
    {
        if (!IsRefusedIntake(data) || TryKeep())
        {
            return;
        }

        data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        if (data.Parent is { } invocation)
        {
            invocation.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private static bool IsRefusedIntake(Activity activity) =>
        activity.Source.Name == TelemetryNames.Source
        && activity.OperationName == AlertTracing.IntakeSpanName
        && activity.GetTagItem(TelemetryTags.StatusCode) is int status
        && status is >= 400 and < 500;

    // A fixed one-minute window: simple, and a flood costs at most tracesPerMinute traces a minute.
    private bool TryKeep()
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        lock (gate)
        {
            if (minute != windowMinute)
            {
                windowMinute = minute;
                keptInWindow = 0;
            }

            if (keptInWindow >= tracesPerMinute)
            {
                return false;
            }

            keptInWindow++;
            return true;
        }
    }
}
