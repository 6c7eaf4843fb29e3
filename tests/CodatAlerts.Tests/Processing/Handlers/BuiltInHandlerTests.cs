using System.Diagnostics.Metrics;
using CodatAlerts.Processing.Handlers.BuiltIn;
using CodatAlerts.Testing.Logging;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Tests.Processing.Handlers;

public sealed class BuiltInHandlerTests
{
    public static TheoryData<string> Samples => [.. CodatSamples.All.Select(s => s.Key)];

    [Fact]
    public async Task Rate_limit_reached_logs_a_warning_with_the_quota_and_its_expiry()
    {
        // Arrange
        await using var host = new HandlerTestHost();

        // Act
        await host.DispatchAsync(CodatSamples.Legacy["12-rate-limit-reached"]);

        // Assert
        var entry = Assert.Single(host.HandlerLogs, e => e.EventId.Id == 370);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(1000, entry.Values["DailyQuota"]);
        Assert.Equal(new DateTimeOffset(2023, 5, 3, 0, 0, 0, TimeSpan.Zero), entry.Values["ExpiresUtc"]);
        Assert.Equal(EnvelopeBuilder.ClientId, entry.Values["ClientId"]);
    }

    [Fact]
    public async Task Push_operation_status_changed_logs_the_operation_key_data_type_and_status()
    {
        // Arrange
        await using var host = new HandlerTestHost();

        // Act
        await host.DispatchAsync(CodatSamples.Legacy["06-push-operation-status-changed"]);

        // Assert
        var entry = Assert.Single(host.HandlerLogs, e => e.EventId.Id == 364);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("c2f8847d-3047-4619-a157-6d947d8e4a73", entry.Values["PushOperationKey"]);
        Assert.Equal(("invoices", "Success"), (entry.Values["DataType"], entry.Values["Status"]));
        Assert.Equal("8a210b68-6988-11ed-a1eb-0242ac120002", entry.Values["CompanyId"]);
    }

    [Fact]
    public async Task Read_completed_logs_each_data_type_and_warns_about_the_one_in_error()
    {
        // Arrange
        await using var host = new HandlerTestHost();

        // Act
        await host.DispatchAsync(CodatSamples.Events["read-completed"]);

        // Assert
        var reads = host.HandlerLogs.Where(e => e.EventId.Id == 383).ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal(("invoices", true, LogLevel.Information), (reads[0].Values["DataType"], reads[0].Values["RecordsModified"], reads[0].Level));
        Assert.Equal(("bills", "FetchError", LogLevel.Warning), (reads[1].Values["DataType"], reads[1].Values["Status"], reads[1].Level));
    }

    [Fact]
    public async Task An_unsuccessful_write_is_a_warning_that_names_the_data_type_from_the_event_type()
    {
        // Arrange
        await using var host = new HandlerTestHost();

        // Act
        await host.DispatchAsync(CodatSamples.Events["bankTransactions-write-unsuccessful"]);

        // Assert
        var entry = Assert.Single(host.HandlerLogs, e => e.EventId.Id == 385);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(("bankTransactions", "TimedOut", "Create"), (entry.Values["DataType"], entry.Values["Status"], entry.Values["WriteType"]));
    }

    [Fact]
    public async Task Codats_free_text_message_is_logged_at_debug_only()
    {
        // Arrange
        await using var host = new HandlerTestHost();
        const string message = "Data sync of type creditNotes completed for company 7626befb-0c7d-49a4-9366-bc4c81b4e4b7";

        // Act
        await host.DispatchAsync(CodatSamples.Legacy["03-data-sync-completed"]);

        // Assert
        var debug = Assert.Single(host.HandlerLogs, e => e.EventId.Id == 372);
        Assert.Equal((LogLevel.Debug, message), (debug.Level, debug.Values["CodatMessage"]));
        Assert.DoesNotContain(host.Logs.Records, e => e.Level > LogLevel.Debug && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task No_log_event_carries_the_raw_body_names_or_account_details(string sample)
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = CodatSamples.All.Single(s => s.Key == sample).Value;
        string[] neverLogged = ["Bank of Dave", "Expense Sync", "Toft stores", "12345678", "040004", "1520.5", body.Trim()];

        // Act
        await host.DispatchAsync(body);

        // Assert
        Assert.All(host.Logs.Records, e => Assert.DoesNotContain(neverLogged, secret => e.Message.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Handled_alerts_are_counted_by_rule_type_client_and_status()
    {
        // Arrange: a configured client is tagged by its ID (any other is "unlisted").
        await using var host = new HandlerTestHost(services => services.Configure<CodatAlerts.Intake.IntakeOptions>(
            o => o.Clients.Add(new CodatAlerts.Intake.ClientCredentialsOptions { ClientId = EnvelopeBuilder.ClientId })));
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new List<IReadOnlyDictionary<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this container's meter: other tests in the process publish a CodatAlerts meter of their own.
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == AlertHandlerMetrics.HandledCounterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Equal(1, value);
            measurements.Add(tags.ToArray().ToDictionary(t => t.Key, t => t.Value));
        });
        listener.Start();

        // Act
        await host.DispatchAsync(CodatSamples.Legacy["06-push-operation-status-changed"]);
        await host.DispatchAsync(CodatSamples.Legacy["12-rate-limit-reached"]);

        // Assert
        Assert.Equal(2, measurements.Count);
        Assert.Equal("PushOperationStatusChanged", measurements[0]["codat.rule_type"]);
        Assert.Equal(EnvelopeBuilder.ClientId, measurements[0]["codat.client_id"]);
        Assert.Equal("Success", measurements[0][AlertHandlerMetrics.StatusTag]);
        Assert.Equal("ClientRateLimitReached", measurements[1]["codat.rule_type"]);
        Assert.False(measurements[1].ContainsKey(AlertHandlerMetrics.StatusTag));
    }
}
