using System.Diagnostics;
using CodatAlerts.Queueing;

namespace CodatAlerts.Telemetry;

/// <summary>
/// The <see cref="TelemetryNames.Source"/> activity source and the two spans of an alert's life: the intake span in the
/// HTTP invocation, and the processing span in the queue invocation, which continues the intake's trace so that
/// Application Insights shows receipt and processing as one operation. A singleton; disposing it closes the source.
/// </summary>
public sealed class AlertTracing : IDisposable
{
    /// <summary>The name of the intake span.</summary>
    public const string IntakeSpanName = "Intake alert";

    /// <summary>The name of the processing span.</summary>
    public const string ProcessingSpanName = "Process alert";

    private readonly ActivitySource _source = new(TelemetryNames.Source);

    /// <summary>
    /// Starts the intake span as a child of <see cref="Activity.Current"/> (the worker's invocation span, itself a child
    /// of the host's HTTP request). Null when nothing listens to the source.
    /// </summary>
    /// <param name="claimedClientId">The <c>X-Codat-ClientId</c> header; tagged only as a claim until
    /// <see cref="AlertActivityExtensions.SetAlert"/> replaces it with the authenticated envelope values.</param>
    public Activity? StartIntake(string? claimedClientId)
    {
        var activity = _source.StartActivity(IntakeSpanName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true } && !string.IsNullOrWhiteSpace(claimedClientId))
        {
            activity.SetTag(TelemetryTags.ClientId, claimedClientId.Trim());
        }

        return activity;
    }

    /// <summary>
    /// Starts the processing span of <paramref name="envelope"/>. Its parent is the intake context carried in the
    /// envelope, so it shares the intake's trace (Application Insights' operation id); the invocation span running now,
    /// which belongs to the host's own trace for this queue message, becomes a link, so the host's record of the
    /// execution stays one click away. Without a readable context the span is a plain child of the invocation.
    /// </summary>
    public Activity? StartProcessing(AlertEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);

        Activity? activity;
        if (ActivityContext.TryParse(envelope.TraceParent, envelope.TraceState, isRemote: true, out var intake))
        {
            ActivityLink[]? links = Activity.Current is { } invocation ? [new ActivityLink(invocation.Context)] : null;
            activity = _source.StartActivity(ActivityKind.Consumer, intake, links: links, name: ProcessingSpanName);
        }
        else
        {
            activity = _source.StartActivity(ProcessingSpanName, ActivityKind.Consumer);
        }

        activity?.SetAlert(envelope);
        return activity;
    }

    public void Dispose() => _source.Dispose();
}
