using System.Text.Json.Nodes;
using CodatAlerts.Simulator.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.Simulator.Tests.Alerts;

public sealed class AlertFactoryTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 10, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void One_alert_per_sample_covers_every_legacy_rule_type_and_event_type_each_with_its_own_id()
    {
        // Arrange
        var factory = new AlertFactory(SampleCatalog.All, [ClientIds.Default], duplicateShare: 0, _clock, new Random(1));

        // Act
        var alerts = factory.Create(SampleCatalog.All.Count).ToList();

        // Assert
        Assert.Equal(SampleCatalog.All.Select(s => s.RuleType), alerts.Select(a => a.RuleType));
        Assert.Equal(alerts.Count, alerts.Select(a => a.AlertId).Distinct().Count());
        Assert.Equal(alerts.Count, alerts.Select(a => a.MessageId).Distinct().Count());
        Assert.DoesNotContain(alerts, a => SampleCatalog.All.Any(s => s.Template[s.IdKey]!.GetValue<string>() == a.AlertId));
    }

    [Fact]
    public void The_body_carries_the_alert_id_and_in_legacy_shape_the_client()
    {
        // Arrange
        var legacy = SampleCatalog.Select(["Sync Failed"]);
        var factory = new AlertFactory(legacy, ["11111111-2222-4333-8444-555555555555"], duplicateShare: 0, _clock, new Random(1));

        // Act
        var alert = factory.Create(1).Single();

        // Assert
        var body = JsonNode.Parse(alert.Body.Span)!;
        Assert.Equal(alert.AlertId, body["AlertId"]!.GetValue<string>());
        Assert.Equal("11111111-2222-4333-8444-555555555555", body["ClientId"]!.GetValue<string>());
        Assert.Equal(alert.ClientId, body["ClientId"]!.GetValue<string>());
        Assert.Equal("Sync Failed", body["RuleType"]!.GetValue<string>());
    }

    [Fact]
    public void An_event_envelope_gets_a_fresh_id_and_the_current_generated_date()
    {
        // Arrange
        var factory = new AlertFactory(SampleCatalog.Select(["read.completed"]), [ClientIds.Default], duplicateShare: 0, _clock, new Random(1));

        // Act
        var alert = factory.Create(1).Single();

        // Assert
        var body = JsonNode.Parse(alert.Body.Span)!;
        Assert.Equal(alert.AlertId, body["id"]!.GetValue<string>());
        Assert.Equal("2025-01-10T09:30:00.0000000Z", body["generatedDate"]!.GetValue<string>());
        Assert.Null(body["ClientId"]);
    }

    [Fact]
    public void Duplicates_are_exact_repeats_of_earlier_messages_at_the_requested_share()
    {
        // Arrange
        var factory = new AlertFactory(SampleCatalog.All, [ClientIds.Default], duplicateShare: 0.25, _clock, new Random(3));

        // Act
        var alerts = factory.Create(100).ToList();

        // Assert
        var duplicates = alerts.Where(a => a.IsRedelivery).ToList();
        Assert.Equal(25, duplicates.Count);
        Assert.False(alerts[0].IsRedelivery);
        Assert.All(duplicates, duplicate =>
        {
            var original = alerts.Take(alerts.IndexOf(duplicate)).Single(a => !a.IsRedelivery && a.MessageId == duplicate.MessageId);
            Assert.Equal(original.AlertId, duplicate.AlertId);
            Assert.Equal(original.ClientId, duplicate.ClientId);
            Assert.Equal(original.Body.ToArray(), duplicate.Body.ToArray());
        });
    }

    [Fact]
    public void Alerts_are_spread_over_the_requested_clients_only()
    {
        // Arrange
        var clients = ClientIds.Create(ClientIds.Default, 3);
        var factory = new AlertFactory(SampleCatalog.All, clients, duplicateShare: 0, _clock, new Random(5));

        // Act
        var used = factory.Create(300).Select(a => a.ClientId).Distinct().Order().ToList();

        // Assert
        Assert.Equal(clients.Order(), used);
    }

    [Fact]
    public void Extra_client_ids_are_the_same_on_every_run_and_start_with_the_given_one()
    {
        // Arrange
        const string first = "0f0e0d0c-0b0a-4908-8706-050403020100";

        // Act
        var run1 = ClientIds.Create(first, 4);
        var run2 = ClientIds.Create(first, 4);

        // Assert
        Assert.Equal(run1, run2);
        Assert.Equal(first, run1[0]);
        Assert.Equal(4, run1.Distinct().Count());
        Assert.All(run1, id => Assert.True(Guid.TryParse(id, out _)));
    }

    [Fact]
    public void Webhook_ids_look_like_svix_message_ids()
    {
        // Arrange
        var factory = new AlertFactory(SampleCatalog.All, [ClientIds.Default], duplicateShare: 0, _clock, new Random(1));

        // Act
        var messageId = factory.Create(1).Single().MessageId;

        // Assert
        Assert.Matches("^msg_[0-9A-Za-z]{27}$", messageId);
    }
}
