using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using CodatAlerts.Intake;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Telemetry;

/// <summary>
/// The alert counters and the lag histogram, on the <see cref="TelemetryNames.Source"/> meter. One method per event
/// the intake or the processor can report, so callers state what happened and this class alone decides the instrument
/// and its dimensions (a singleton: instruments are created once and are thread-safe).
/// </summary>
public sealed class AlertMetrics
{
    // Receipt-to-processed lag spans milliseconds (a warm partition) to hours (a backlog, a replay). Explicit buckets
    // so that percentiles stay meaningful at both ends; Application Insights itself keeps sum, count, min and max.
    private static readonly double[] LagBucketsSeconds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21600];

    private readonly ClientIdTagPolicy _clientIds;
    private readonly TimeProvider _time;
    private readonly Counter<long> _received;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _poisoned;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _parked;
    private readonly Histogram<double> _lag;

    public AlertMetrics(IMeterFactory meterFactory, IOptions<IntakeOptions> intakeOptions, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _clientIds = new ClientIdTagPolicy(intakeOptions);
        _time = timeProvider;

        var meter = meterFactory.Create(TelemetryNames.Source);
        _received = meter.CreateCounter<long>(TelemetryNames.Received, "{alert}", "Requests that reached the intake, before any check.");
        _accepted = meter.CreateCounter<long>(TelemetryNames.Accepted, "{alert}", "Alerts written to a partition queue and acknowledged with 202.");
        _rejected = meter.CreateCounter<long>(TelemetryNames.Rejected, "{alert}", "Requests refused, by HTTP status and reason.");
        _processed = meter.CreateCounter<long>(TelemetryNames.Processed, "{alert}", "Alerts processed to the end, by outcome.");
        _duplicates = meter.CreateCounter<long>(TelemetryNames.Duplicates, "{alert}", "Copies of an already claimed alert, dropped.");
        _failed = meter.CreateCounter<long>(TelemetryNames.Failed, "{attempt}", "Processing attempts that failed and will be retried.");
        _poisoned = meter.CreateCounter<long>(TelemetryNames.Poisoned, "{alert}", "Alerts sent to a poison queue.");
        _replayed = meter.CreateCounter<long>(TelemetryNames.Replayed, "{alert}", "Poison messages moved back to their partition queue.");
        _parked = meter.CreateCounter<long>(TelemetryNames.Parked, "{alert}", "Alerts of a rule type no handler knows, archived and not retried.");
        _lag = meter.CreateHistogram(
            TelemetryNames.Lag,
            "s",
            "Seconds from receipt by the intake to the end of processing.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBucketsSeconds });
    }

    /// <summary>A request reached the intake. <paramref name="claimedClientId"/> is the unauthenticated header value.</summary>
    public void Received(string? claimedClientId) =>
        _received.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ClientId, _clientIds.TagFor(claimedClientId, ClientIdTrust.Claimed)));

    /// <summary>The intake refused a request with <paramref name="statusCode"/> for <paramref name="reason"/>.</summary>
    /// <param name="clientId">The client ID as far as it is known.</param>
    /// <param name="trust">Whether <paramref name="clientId"/> was authenticated (a 400 or 503 after authentication) or only claimed.</param>
    /// <param name="statusCode">The HTTP status answered.</param>
    /// <param name="reason">A reason code from a fixed set (never free text, never a value from the request).</param>
    public void Rejected(string? clientId, ClientIdTrust trust, int statusCode, string reason)
    {
        var tags = new TagList
        {
            { TelemetryTags.ClientId, _clientIds.TagFor(clientId, trust) },
            { TelemetryTags.StatusCode, statusCode },
            { TelemetryTags.RejectReason, reason },
        };
        _rejected.Add(1, tags);
    }

    /// <summary>The intake put <paramref name="envelope"/> on its partition queue; also by how its client was identified.</summary>
    public void Accepted(AlertEnvelope envelope)
    {
        var tags = AlertTags(envelope);
        tags.Add(TelemetryTags.ClientIdSource, Intake.Authentication.ClientIdSourceNames.Name(envelope.ClientIdSource));
        _accepted.Add(1, tags);
    }

    /// <summary>
    /// Processing of <paramref name="envelope"/> came to <paramref name="outcome"/>: counts it, records the lag since
    /// receipt, and counts a parked alert on <see cref="TelemetryNames.Parked"/> as well, for the alert rule on it.
    /// </summary>
    public void Processed(AlertEnvelope envelope, DispatchOutcome outcome)
    {
        var tags = AlertTags(envelope);
        tags.Add(TelemetryTags.Outcome, outcome == DispatchOutcome.Parked ? AlertOutcomes.Parked : AlertOutcomes.Handled);
        _processed.Add(1, tags);

        // Receipt and processing happen on different instances; a small clock skew must not record a negative lag.
        var lag = _time.GetUtcNow() - envelope.ReceivedAt;
        _lag.Record(Math.Max(0, lag.TotalSeconds), tags);

        if (outcome == DispatchOutcome.Parked)
        {
            _parked.Add(1, AlertTags(envelope));
        }
    }

    /// <summary>Another copy of <paramref name="envelope"/>'s alert had already claimed its dedup key.</summary>
    public void Duplicate(AlertEnvelope envelope) => _duplicates.Add(1, AlertTags(envelope));

    /// <summary>An attempt to process <paramref name="envelope"/> failed transiently; the host will retry it.</summary>
    public void Failed(AlertEnvelope envelope) => _failed.Add(1, AlertTags(envelope));

    /// <summary>
    /// An alert went to its poison queue. <paramref name="envelope"/> is null when the message could not even be read as
    /// an envelope; the partition is then still known from the queue.
    /// </summary>
    public void Poisoned(AlertEnvelope? envelope, int partition, PoisonCause cause)
    {
        var tags = envelope is null
            ? new TagList
            {
                { TelemetryTags.ClientId, TelemetryTagValues.Unknown },
                { TelemetryTags.RuleType, TelemetryTagValues.Unknown },
                { TelemetryTags.Partition, PartitionTag(partition) },
            }
            : AlertTags(envelope);
        tags.Add(TelemetryTags.Outcome, cause == PoisonCause.Permanent ? AlertOutcomes.Permanent : AlertOutcomes.RetriesExhausted);
        _poisoned.Add(1, tags);
    }

    /// <summary><paramref name="envelope"/> was moved from its poison queue back to its partition queue.</summary>
    public void Replayed(AlertEnvelope envelope) => _replayed.Add(1, AlertTags(envelope));

    // Envelopes are written by the intake only after authentication, so their client ID is trusted. An unknown rule
    // type is the raw string the sender chose, so it is tagged as one bounded value.
    private TagList AlertTags(AlertEnvelope envelope) => new()
    {
        { TelemetryTags.ClientId, _clientIds.TagFor(envelope.ClientId, ClientIdTrust.Authenticated) },
        { TelemetryTags.RuleType, envelope.RuleTypeKnown ? envelope.RuleType : TelemetryTagValues.Other },
        { TelemetryTags.Partition, PartitionTag(envelope.Partition) },
    };

    // A string, not an int: Application Insights keeps customDimensions as strings, and "03" sorts with the queue names.
    private static string PartitionTag(int partition) => partition.ToString("00", CultureInfo.InvariantCulture);
}
