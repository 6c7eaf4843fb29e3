using CodatAlerts.Processing;
using CodatAlerts.Telemetry;

namespace CodatAlerts.Tests.Telemetry;

[Collection(OpenTelemetryMetricsCollection.Name)]
public sealed class AlertMetricsTests
{
    [Fact]
    public void Accepted_alerts_are_counted_per_client_rule_type_and_partition()
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);
        var first = TestEnvelopes.For(clientId: clientId, ruleType: "DataSyncCompleted", partition: 3);
        var second = first with { DedupKey = "another" };
        var otherType = first with { RuleType = "read.completed" };

        // Act
        capture.Metrics.Accepted(first);
        capture.Metrics.Accepted(second);
        capture.Metrics.Accepted(otherType);

        // Assert
        var client = first.ClientId.ToLowerInvariant();
        Assert.Equal(2, capture.Count(TelemetryNames.Accepted,
            (TelemetryTags.ClientId, client), (TelemetryTags.RuleType, "DataSyncCompleted"), (TelemetryTags.Partition, "03")));
        Assert.Equal(1, capture.Count(TelemetryNames.Accepted, (TelemetryTags.ClientId, client), (TelemetryTags.RuleType, "read.completed")));
    }

    [Fact]
    public void Rejected_alerts_are_counted_by_status_and_reason()
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);

        // Act
        capture.Metrics.Rejected(clientId, ClientIdTrust.Claimed, 401, "signature-mismatch");
        capture.Metrics.Rejected(clientId, ClientIdTrust.Claimed, 401, "signature-mismatch");
        capture.Metrics.Rejected(clientId, ClientIdTrust.Authenticated, 400, "not-an-alert");

        // Assert
        Assert.Equal(2, capture.Count(TelemetryNames.Rejected,
            (TelemetryTags.ClientId, clientId), (TelemetryTags.StatusCode, 401), (TelemetryTags.RejectReason, "signature-mismatch")));
        Assert.Equal(1, capture.Count(TelemetryNames.Rejected,
            (TelemetryTags.ClientId, clientId), (TelemetryTags.StatusCode, 400), (TelemetryTags.RejectReason, "not-an-alert")));
    }

    [Fact]
    public void A_claimed_client_id_that_is_not_configured_is_tagged_unknown_so_strangers_cannot_create_series()
    {
        // Arrange
        using var capture = new MetricsCapture(TestEnvelopes.NewClientId());
        var reason = "test-" + Guid.NewGuid().ToString("N");
        var strangers = Enumerable.Range(0, 5).Select(_ => TestEnvelopes.NewClientId()).ToList();

        // Act
        foreach (var stranger in strangers)
        {
            capture.Metrics.Rejected(stranger, ClientIdTrust.Claimed, 403, reason);
        }

        // Assert
        var series = capture.TagSets(TelemetryNames.Rejected, (TelemetryTags.RejectReason, reason));
        var only = Assert.Single(series);
        Assert.Equal(TelemetryTagValues.Unknown, only[TelemetryTags.ClientId]);
        Assert.Equal(5, capture.Count(TelemetryNames.Rejected, (TelemetryTags.RejectReason, reason)));
    }

    [Fact]
    public void A_configured_client_id_is_tagged_before_authentication_in_lower_case()
    {
        // Arrange
        var configured = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(configured);

        // Act
        capture.Metrics.Received(configured.ToUpperInvariant());

        // Assert
        Assert.Equal(1, capture.Count(TelemetryNames.Received, (TelemetryTags.ClientId, configured.ToLowerInvariant())));
    }

    [Fact]
    public void An_authenticated_client_id_that_is_not_configured_is_tagged_unlisted_so_the_default_credential_cannot_create_series()
    {
        // Arrange: clients accepted through the default entry can name any ID.
        using var capture = new MetricsCapture(TestEnvelopes.NewClientId());
        var reason = "test-" + Guid.NewGuid().ToString("N");

        // Act
        for (var i = 0; i < 5; i++)
        {
            capture.Metrics.Rejected(TestEnvelopes.NewClientId(), ClientIdTrust.Authenticated, 503, reason);
        }

        // Assert
        var only = Assert.Single(capture.TagSets(TelemetryNames.Rejected, (TelemetryTags.RejectReason, reason)));
        Assert.Equal(TelemetryTagValues.Unlisted, only[TelemetryTags.ClientId]);
    }

    [Fact]
    public void An_accepted_alert_of_an_unlisted_client_and_an_unknown_rule_type_is_tagged_unlisted_and_other()
    {
        // Arrange
        using var capture = new MetricsCapture(TestEnvelopes.NewClientId());
        var envelope = TestEnvelopes.For(ruleType: "made.up." + Guid.NewGuid().ToString("N"), partition: 6) with { RuleTypeKnown = false };

        // Act
        capture.Metrics.Accepted(envelope);

        // Assert
        Assert.Empty(capture.TagSets(TelemetryNames.Accepted, (TelemetryTags.RuleType, envelope.RuleType)));
        Assert.Empty(capture.TagSets(TelemetryNames.Accepted, (TelemetryTags.ClientId, envelope.ClientId)));
        Assert.NotEmpty(capture.TagSets(TelemetryNames.Accepted,
            (TelemetryTags.ClientId, TelemetryTagValues.Unlisted), (TelemetryTags.RuleType, TelemetryTagValues.Other), (TelemetryTags.Partition, "06")));
    }

    [Fact]
    public void Duplicates_are_counted_with_the_alert_dimensions()
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);
        var envelope = TestEnvelopes.For(clientId: clientId, ruleType: "SyncFailed", partition: 7);

        // Act
        capture.Metrics.Duplicate(envelope);
        capture.Metrics.Duplicate(envelope);

        // Assert
        Assert.Equal(2, capture.Count(TelemetryNames.Duplicates,
            (TelemetryTags.ClientId, envelope.ClientId), (TelemetryTags.RuleType, "SyncFailed"), (TelemetryTags.Partition, "07")));
        Assert.Equal(0, capture.Count(TelemetryNames.Processed, (TelemetryTags.ClientId, envelope.ClientId)));
    }

    [Theory]
    [InlineData(PoisonCause.Permanent, AlertOutcomes.Permanent)]
    [InlineData(PoisonCause.RetriesExhausted, AlertOutcomes.RetriesExhausted)]
    public void Poisoned_alerts_carry_their_cause_as_the_outcome(PoisonCause cause, string outcome)
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);
        var envelope = TestEnvelopes.For(clientId: clientId, partition: 5);

        // Act
        capture.Metrics.Poisoned(envelope, envelope.Partition, cause);

        // Assert
        Assert.Equal(1, capture.Count(TelemetryNames.Poisoned,
            (TelemetryTags.ClientId, envelope.ClientId), (TelemetryTags.Partition, "05"), (TelemetryTags.Outcome, outcome)));
    }

    [Fact]
    public void An_unreadable_message_is_counted_as_poisoned_on_its_partition_with_unknown_client_and_rule_type()
    {
        // Arrange
        using var capture = new MetricsCapture();
        var before = capture.Count(TelemetryNames.Poisoned, (TelemetryTags.ClientId, TelemetryTagValues.Unknown), (TelemetryTags.Partition, "06"));

        // Act
        capture.Metrics.Poisoned(envelope: null, partition: 6, PoisonCause.Permanent);

        // Assert
        var after = capture.Count(TelemetryNames.Poisoned,
            (TelemetryTags.ClientId, TelemetryTagValues.Unknown), (TelemetryTags.RuleType, TelemetryTagValues.Unknown), (TelemetryTags.Partition, "06"));
        Assert.True(after >= before + 1, $"Expected the unreadable message to be counted (before {before}, after {after}).");
    }

    [Fact]
    public void Processed_counts_the_outcome_and_records_the_lag_since_receipt()
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);
        var envelope = TestEnvelopes.For(clientId: clientId, receivedAt: capture.Time.GetUtcNow());
        capture.Time.Advance(TimeSpan.FromSeconds(42.5));

        // Act
        capture.Metrics.Processed(envelope, DispatchOutcome.Handled);

        // Assert
        var client = (TelemetryTags.ClientId, (object)envelope.ClientId);
        Assert.Equal(1, capture.Count(TelemetryNames.Processed, client, (TelemetryTags.Outcome, AlertOutcomes.Handled)));
        Assert.Equal((1, 42.5), capture.Histogram(TelemetryNames.Lag, client, (TelemetryTags.Outcome, AlertOutcomes.Handled)));
        Assert.Equal(0, capture.Count(TelemetryNames.Parked, client));
    }

    [Fact]
    public void A_parked_alert_counts_as_processed_with_outcome_parked_and_as_parked()
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);
        var envelope = TestEnvelopes.For(clientId: clientId, ruleType: "some.new.event", receivedAt: capture.Time.GetUtcNow()) with { RuleTypeKnown = false };

        // Act
        capture.Metrics.Processed(envelope, DispatchOutcome.Parked);

        // Assert
        var client = (TelemetryTags.ClientId, (object)envelope.ClientId);
        Assert.Equal(1, capture.Count(TelemetryNames.Processed, client, (TelemetryTags.Outcome, AlertOutcomes.Parked)));
        Assert.Equal(1, capture.Count(TelemetryNames.Parked, client, (TelemetryTags.RuleType, TelemetryTagValues.Other)));
    }

    [Fact]
    public void Lag_is_recorded_as_zero_when_the_receiving_instance_clock_was_ahead()
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);
        var envelope = TestEnvelopes.For(clientId: clientId, receivedAt: capture.Time.GetUtcNow().AddSeconds(3));

        // Act
        capture.Metrics.Processed(envelope, DispatchOutcome.Handled);

        // Assert
        Assert.Equal((1, 0.0), capture.Histogram(TelemetryNames.Lag, (TelemetryTags.ClientId, envelope.ClientId)));
    }

    [Fact]
    public void Failed_and_replayed_alerts_are_counted_on_their_own_instruments()
    {
        // Arrange
        var clientId = TestEnvelopes.NewClientId();
        using var capture = new MetricsCapture(clientId);
        var envelope = TestEnvelopes.For(clientId: clientId);

        // Act
        capture.Metrics.Failed(envelope);
        capture.Metrics.Failed(envelope);
        capture.Metrics.Replayed(envelope);

        // Assert
        var client = (TelemetryTags.ClientId, (object)envelope.ClientId);
        Assert.Equal(2, capture.Count(TelemetryNames.Failed, client, (TelemetryTags.RuleType, envelope.RuleType)));
        Assert.Equal(1, capture.Count(TelemetryNames.Replayed, client, (TelemetryTags.Partition, "03")));
    }

    [Fact]
    public void A_request_without_a_client_header_is_tagged_none()
    {
        // Arrange
        using var capture = new MetricsCapture();
        var reason = "test-" + Guid.NewGuid().ToString("N");

        // Act
        capture.Metrics.Rejected(clientId: null, ClientIdTrust.Claimed, 401, reason);

        // Assert
        Assert.Equal(1, capture.Count(TelemetryNames.Rejected, (TelemetryTags.ClientId, TelemetryTagValues.None), (TelemetryTags.RejectReason, reason)));
    }
}
