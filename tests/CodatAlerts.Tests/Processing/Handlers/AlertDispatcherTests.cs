using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using CodatAlerts.Contract.Events;
using CodatAlerts.Contract.Legacy;
using CodatAlerts.Contract;
using CodatAlerts.Processing.Handlers.BuiltIn;
using CodatAlerts.Processing.Handlers;
using CodatAlerts.Processing;
using CodatAlerts.Testing.Logging;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Contract;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Tests.Processing.Handlers;

public sealed class AlertDispatcherTests
{
    // Each example body of the reference, with the alert type it must parse to and the built-in handler that must run.
    private static readonly Dictionary<string, (Type Alert, Type Handler)> Routes = new()
    {
        ["01-data-connection-status-changed"] = (typeof(LegacyAlert<DataConnectionStatusChangedData>), typeof(DataConnectionStatusChangedHandler)),
        ["02-new-company-synchronised"] = (typeof(LegacyAlert<NewCompanySynchronizedData>), typeof(NewCompanySynchronizedHandler)),
        ["03-data-sync-completed"] = (typeof(LegacyAlert<DataSyncCompletedData>), typeof(DataSyncCompletedHandler)),
        ["04-dataset-data-changed"] = (typeof(LegacyAlert<DatasetDataChangedData>), typeof(DatasetDataChangedHandler)),
        ["05-data-sync-status-changed-to-error"] = (typeof(LegacyAlert<DataSyncStatusChangedToErrorData>), typeof(DataSyncStatusChangedToErrorHandler)),
        ["06-push-operation-status-changed"] = (typeof(LegacyAlert<PushOperationStatusChangedData>), typeof(PushOperationStatusChangedHandler)),
        ["07-push-operation-timed-out"] = (typeof(LegacyAlert<PushOperationTimedOutData>), typeof(PushOperationTimedOutHandler)),
        ["08-account-categories-updated"] = (typeof(LegacyAlert<AccountCategoriesUpdatedData>), typeof(AccountCategoriesUpdatedHandler)),
        ["09-sync-connection-deleted"] = (typeof(LegacyAlert<SyncConnectionDeletedData>), typeof(SyncConnectionDeletedHandler)),
        ["10-sync-completed"] = (typeof(LegacyAlert<SyncCompletedData>), typeof(SyncCompletedHandler)),
        ["11-sync-failed"] = (typeof(LegacyAlert<SyncFailedData>), typeof(SyncFailedHandler)),
        ["12-rate-limit-reached"] = (typeof(LegacyAlert<ClientRateLimitReachedData>), typeof(ClientRateLimitReachedHandler)),
        ["13-rate-limit-reset"] = (typeof(LegacyAlert<ClientRateLimitResetData>), typeof(ClientRateLimitResetHandler)),
        ["14-sync-started"] = (typeof(LegacyAlert<SyncStartedData>), typeof(SyncStartedHandler)),
        ["bankFeeds-sourceAccount-connected"] = (typeof(BankFeedSourceAccountConnectedEvent), typeof(BankFeedSourceAccountConnectedHandler)),
        ["bankFeeds-sourceAccount-disconnected"] = (typeof(BankFeedSourceAccountDisconnectedEvent), typeof(BankFeedSourceAccountDisconnectedHandler)),
        ["bankTransactions-write-unsuccessful"] = (typeof(WriteUnsuccessfulEvent), typeof(WriteUnsuccessfulHandler)),
        ["client-rateLimit-reached"] = (typeof(ClientRateLimitReachedEvent), typeof(ClientRateLimitReachedEventHandler)),
        ["client-rateLimit-reset"] = (typeof(ClientRateLimitResetEvent), typeof(ClientRateLimitResetEventHandler)),
        ["company-created"] = (typeof(CompanyCreatedEvent), typeof(CompanyCreatedHandler)),
        ["company-deleted"] = (typeof(CompanyDeletedEvent), typeof(CompanyDeletedHandler)),
        ["company-product-added"] = (typeof(CompanyProductAddedEvent), typeof(CompanyProductAddedHandler)),
        ["connection-connected"] = (typeof(ConnectionConnectedEvent), typeof(ConnectionConnectedHandler)),
        ["connection-created"] = (typeof(ConnectionCreatedEvent), typeof(ConnectionCreatedHandler)),
        ["connection-deleted"] = (typeof(ConnectionDeletedEvent), typeof(ConnectionDeletedHandler)),
        ["connection-disconnected"] = (typeof(ConnectionDisconnectedEvent), typeof(ConnectionDisconnectedHandler)),
        ["connection-failed"] = (typeof(ConnectionFailedEvent), typeof(ConnectionFailedHandler)),
        ["connection-reconnected"] = (typeof(ConnectionReconnectedEvent), typeof(ConnectionReconnectedHandler)),
        ["expenses-sync-successful"] = (typeof(ExpensesSyncSuccessfulEvent), typeof(ExpensesSyncSuccessfulHandler)),
        ["expenses-sync-unsuccessful"] = (typeof(ExpensesSyncUnsuccessfulEvent), typeof(ExpensesSyncUnsuccessfulHandler)),
        ["invoices-write-successful"] = (typeof(WriteSuccessfulEvent), typeof(WriteSuccessfulHandler)),
        ["read-completed"] = (typeof(ReadCompletedEvent), typeof(ReadCompletedHandler)),
        ["read-completed-initial"] = (typeof(ReadCompletedInitialEvent), typeof(ReadCompletedInitialHandler)),
        ["reports-creditModel-generate-successful"] = (typeof(ReportGenerateSuccessfulEvent), typeof(ReportGenerateSuccessfulHandler)),
    };

    // Reference §2.2 "Also accept" and the new-service names, by legacy sample.
    private static readonly Dictionary<string, string[]> Aliases = new()
    {
        ["01-data-connection-status-changed"] = ["DataConnectionStatusChanged", "dataconnectionstatuschanged"],
        ["02-new-company-synchronised"] = ["New company synchronised", "New company synchronized", "NewCompanySynchronized", "NEW COMPANY SYNCHRONIZED"],
        ["03-data-sync-completed"] = ["Data sync completed", "DataSyncCompleted", "Data Sync Completed"],
        ["04-dataset-data-changed"] = ["Dataset data changed", "DatasetDataChanged"],
        ["05-data-sync-status-changed-to-error"] = ["Data Sync Status Changed To Error", "Data Sync Status Changed to Error", "DataSyncStatusChangedToError"],
        ["06-push-operation-status-changed"] = ["Push Operation Status Changed()", "Push Operation Status Changed", "PushOperationStatusChanged"],
        ["07-push-operation-timed-out"] = ["Push Operation Timed Out", "PushOperationTimedOut"],
        ["08-account-categories-updated"] = ["Account Categories Updated", "AccountCategoriesUpdated"],
        ["09-sync-connection-deleted"] = ["Sync Connection Deleted", "SyncConnectionDeleted"],
        ["10-sync-completed"] = ["Sync Completed", "SyncCompleted"],
        ["11-sync-failed"] = ["Sync Failed", "SyncFailed"],
        ["12-rate-limit-reached"] = ["Rate Limit Reached", "ClientRateLimitReached"],
        ["13-rate-limit-reset"] = ["Rate Limit Reset", "ClientRateLimitReset"],
        ["14-sync-started"] = ["Sync Started", "sync started"],
    };

    public static TheoryData<string> Samples => [.. CodatSamples.All.Select(s => s.Key)];

    public static TheoryData<string, string> LegacyAliases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (sample, spellings) in Aliases)
            {
                foreach (var spelling in spellings)
                {
                    data.Add(sample, spelling);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Every_sample_has_an_expected_route()
    {
        // Arrange
        var samples = CodatSamples.All.Select(s => s.Key).Order(StringComparer.Ordinal);

        // Act
        var routed = Routes.Keys.Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(samples, routed);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Dispatch_runs_the_built_in_handler_of_the_samples_rule_type_with_the_alert_parsed(string sample)
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = CodatSamples.All.Single(s => s.Key == sample).Value;
        var (alertType, handlerType) = Routes[sample];

        // Act
        var outcome = await host.DispatchAsync(body);

        // Assert
        Assert.Equal(DispatchOutcome.Handled, outcome);
        Assert.Equal(alertType, Assert.Single(host.Recorder.Received).AlertType);
        Assert.Contains(host.HandlerLogs, e => e.Category == handlerType.FullName && e.Level >= LogLevel.Information);
        Assert.DoesNotContain(host.HandlerLogs, e => e.Category != handlerType.FullName && e.Category != typeof(AlertDispatcher).FullName);
    }

    [Theory]
    [MemberData(nameof(LegacyAliases))]
    public async Task Every_spelling_of_a_legacy_rule_type_reaches_the_same_handler(string sample, string spelling)
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = Bodies.Edit(CodatSamples.Legacy[sample], node => node["RuleType"] = spelling);
        var (alertType, handlerType) = Routes[sample];

        // Act
        var outcome = await host.DispatchAsync(body);

        // Assert
        Assert.Equal(DispatchOutcome.Handled, outcome);
        Assert.Equal(alertType, Assert.Single(host.Recorder.Received).AlertType);
        Assert.Contains(host.HandlerLogs, e => e.Category == handlerType.FullName);
    }

    [Theory]
    [InlineData("reports-creditModel-generate-successful", "report.creditModel.generate.successful", "creditModel")]
    [InlineData("reports-creditModel-generate-successful", "REPORTS.spendAnalysis.GENERATE.SUCCESSFUL", "spendAnalysis")]
    [InlineData("invoices-write-successful", "bills.write.successful", "bills")]
    [InlineData("connection-connected", "Connection.Connected", null)]
    public async Task Every_spelling_of_an_event_type_reaches_the_same_handler(string sample, string eventType, string? qualifier)
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = Bodies.Edit(CodatSamples.Events[sample], node =>
        {
            node.Remove("type");
            node["eventType"] = eventType;
        });
        var (alertType, handlerType) = Routes[sample];

        // Act
        var outcome = await host.DispatchAsync(body);

        // Assert
        Assert.Equal(DispatchOutcome.Handled, outcome);
        var received = Assert.Single(host.Recorder.Received);
        Assert.Equal((alertType, qualifier), (received.AlertType, received.Qualifier));
        Assert.Contains(host.HandlerLogs, e => e.Category == handlerType.FullName);
    }

    [Fact]
    public async Task A_value_that_does_not_fit_runs_the_handler_with_the_value_kept_raw_logged_and_counted()
    {
        // Arrange: Codat's published rate-limit example once carried an expiry that is no ISO 8601 date-time.
        await using var host = new HandlerTestHost();
        var body = Bodies.Edit(CodatSamples.Events["client-rateLimit-reached"], node => node["payload"]!["expiryDate"] = "Mon Sep 30 2024");
        var counted = new List<(long Value, object? Field)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == UnreadableFieldMetrics.Name && instrument.Meter.Scope == host.Services.GetRequiredService<IMeterFactory>())
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            counted.Add((value, tags.ToArray().Single(t => t.Key == UnreadableFieldMetrics.FieldTag).Value)));
        listener.Start();

        // Act
        var outcome = await host.DispatchAsync(body);

        // Assert
        Assert.Equal(DispatchOutcome.Handled, outcome);
        var context = host.Recorder.Single<ClientRateLimitReachedEvent>();
        Assert.Null(context.Alert.Payload!.ExpiryDate);
        Assert.Equal(1000, context.Alert.Payload.DailyQuota);
        var field = Assert.Single(context.UnreadableFields);
        Assert.Equal(("$.payload.expiryDate", "\"Mon Sep 30 2024\""), (field.Path, Encoding.UTF8.GetString(field.RawJson.Span)));
        var log = Assert.Single(host.Logs.Records, e => e.EventId.Id == 353);
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains("$.payload.expiryDate", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Mon Sep 30", log.Message, StringComparison.Ordinal);
        Assert.Equal([(1L, (object?)"$.payload.expirydate")], counted);
    }

    [Theory]
    [InlineData("$.payload.dataTypes[12].issues[3].message", "$.payload.datatypes[].issues[].message")]
    [InlineData("$.payload.referenceCompany.tags.customer-4711", "$.payload.referencecompany.tags")]
    [InlineData("$.Data.ExpiresUtc", "$.data.expiresutc")]
    public void The_counted_field_has_the_cardinality_of_the_contracts_not_of_the_bodies(string path, string label)
    {
        // Act
        var counted = UnreadableFieldMetrics.Label(path);

        // Assert
        Assert.Equal(label, counted);
    }

    [Fact]
    public async Task Dispatch_hands_the_envelope_facts_to_the_handler()
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = CodatSamples.Events["invoices-write-successful"];

        // Act
        await host.DispatchAsync(body, webhookId: "msg_2mZ7");

        // Assert
        var context = host.Recorder.Single<WriteSuccessfulEvent>();
        Assert.Equal(RuleTypes.WriteSuccessful, context.RuleType);
        Assert.Equal("invoices", context.RuleTypeQualifier);
        Assert.Equal(("8a210b68-6988-11ed-a1eb-0242ac120002", "2e9d2c44-f675-40ba-8049-353bfcb5e171", "invoices"),
            (context.Facts.CompanyId, context.Facts.ConnectionId, context.Facts.DataType));
        Assert.Equal((EnvelopeBuilder.ClientId, "msg_2mZ7", 3), (context.ClientId, context.DedupKey, context.Partition));
        Assert.Equal(EnvelopeBuilder.ReceivedAt, context.ReceivedAt);
        Assert.Equal("c2f8847d-3047-4619-a157-6d947d8e4a73", context.Alert.Payload!.Id);
    }

    [Fact]
    public async Task A_legacy_body_delivered_signed_for_a_deprecated_event_type_is_handled_as_legacy()
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = Bodies.Edit(CodatSamples.Legacy["06-push-operation-status-changed"], node => node["RuleType"] = "PushOperationStatusChanged");

        // Act
        var outcome = await host.DispatchAsync(body, webhookId: "msg_legacy");

        // Assert
        Assert.Equal(DispatchOutcome.Handled, outcome);
        Assert.Equal("Success", host.Recorder.Single<LegacyAlert<PushOperationStatusChangedData>>().Alert.Data!.Status);
    }

    [Fact]
    public async Task An_unknown_rule_type_is_parked_with_a_warning_naming_it_and_no_handler_runs()
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = Bodies.Edit(CodatSamples.Legacy["03-data-sync-completed"], node => node["RuleType"] = "Dataset Exploded");

        // Act
        var outcome = await host.DispatchAsync(body);

        // Assert
        Assert.Equal(DispatchOutcome.Parked, outcome);
        Assert.Empty(host.Recorder.Received);
        var warning = Assert.Single(host.HandlerLogs);
        Assert.Equal((350, LogLevel.Warning), (warning.EventId.Id, warning.Level));
        Assert.Equal("Dataset Exploded", warning.Values["RuleType"]);
    }

    [Fact]
    public async Task An_unknown_rule_type_is_parked_even_when_its_body_is_not_json()
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var envelope = EnvelopeBuilder.For(Bodies.Edit(CodatSamples.Legacy["03-data-sync-completed"], node => node["RuleType"] = "Future Rule"));

        // Act
        var outcome = await host.Dispatcher.DispatchAsync(envelope, "{ not json"u8.ToArray(), CancellationToken.None);

        // Assert
        Assert.Equal(DispatchOutcome.Parked, outcome);
    }

    [Fact]
    public async Task A_known_rule_type_with_no_handler_registered_is_parked()
    {
        // Arrange
        await using var host = new HandlerTestHost(
            services => services.RemoveAll<IAlertHandler<LegacyAlert<SyncFailedData>>>(), recordEveryAlert: false);

        // Act
        var outcome = await host.DispatchAsync(CodatSamples.Legacy["11-sync-failed"]);

        // Assert
        Assert.Equal(DispatchOutcome.Parked, outcome);
        var warning = Assert.Single(host.HandlerLogs);
        Assert.Equal((351, "SyncFailed"), (warning.EventId.Id, warning.Values["RuleType"]));
        Assert.Equal("LegacyAlert<SyncFailedData>", warning.Values["AlertType"]);
    }

    [Fact]
    public async Task A_body_whose_identifying_key_does_not_fit_is_a_permanent_failure_with_the_reason()
    {
        // Arrange: an envelope keyed from a readable body, then a stored body whose AlertId is no string (an older
        // build's message, or storage edited by hand): it is not the alert that was keyed.
        await using var host = new HandlerTestHost();
        var envelope = EnvelopeBuilder.For(CodatSamples.Legacy["12-rate-limit-reached"]);
        var body = Bodies.Edit(CodatSamples.Legacy["12-rate-limit-reached"], node => node["AlertId"] = new JsonObject { ["token"] = "Bearer do-not-log-me" });

        // Act
        var ex = await Record.ExceptionAsync(() => host.Dispatcher.DispatchAsync(envelope, Encoding.UTF8.GetBytes(body), CancellationToken.None));

        // Assert
        var permanent = Assert.IsType<PermanentAlertException>(ex);
        Assert.Contains("ClientRateLimitReached", permanent.Message, StringComparison.Ordinal);
        Assert.Contains("$.AlertId", permanent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-log-me", permanent.Message, StringComparison.Ordinal);
        Assert.Empty(host.Recorder.Received);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_permanent_failure()
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var envelope = EnvelopeBuilder.For(CodatSamples.Legacy["03-data-sync-completed"]);

        // Act
        var ex = await Record.ExceptionAsync(() => host.Dispatcher.DispatchAsync(envelope, "{ \"RuleType\": "u8.ToArray(), CancellationToken.None));

        // Assert
        Assert.IsType<PermanentAlertException>(ex);
    }

    [Fact]
    public async Task A_body_whose_read_fields_are_not_valid_utf8_is_handled_with_those_values_kept_as_bytes()
    {
        // Arrange: accepted by the intake byte-exact because it can be keyed; the handler runs and gets the bytes.
        await using var host = new HandlerTestHost();
        var text = CodatSamples.Legacy["11-sync-failed"];
        var envelope = EnvelopeBuilder.For(text);
        var at = text.IndexOf("\"CompanyId\": \"", StringComparison.Ordinal) + "\"CompanyId\": ".Length;
        byte[] body = [.. Encoding.UTF8.GetBytes(text[..(at + 1)]), 0xFF, .. Encoding.UTF8.GetBytes(text[(at + 1)..])];

        // Act
        var outcome = await host.Dispatcher.DispatchAsync(envelope, body, CancellationToken.None);

        // Assert
        Assert.Equal(DispatchOutcome.Handled, outcome);
        var context = host.Recorder.Single<LegacyAlert<SyncFailedData>>();
        Assert.Null(context.Alert.CompanyId);
        var field = Assert.Single(context.UnreadableFields);
        Assert.Equal("$.CompanyId", field.Path);
        Assert.Equal(0xFF, field.RawJson.Span[1]);
    }

    [Fact]
    public async Task A_handler_failure_propagates_as_is_so_the_alert_is_retried_and_later_handlers_do_not_run()
    {
        // Arrange
        await using var host = new HandlerTestHost(services =>
        {
            services.AddAlertHandler<LegacyAlert<DataSyncCompletedData>, FailingHandler>();
            services.AddAlertHandler<LegacyAlert<DataSyncCompletedData>, RecordingHandler<LegacyAlert<DataSyncCompletedData>>>();
        }, recordEveryAlert: false);

        // Act
        var ex = await Record.ExceptionAsync(() => host.DispatchAsync(CodatSamples.Legacy["03-data-sync-completed"]));

        // Assert
        Assert.IsType<TimeoutException>(ex);
        Assert.Empty(host.Recorder.Received);
    }

    [Fact]
    public async Task A_cancelled_dispatch_runs_no_handler()
    {
        // Arrange
        await using var host = new HandlerTestHost();
        var body = CodatSamples.Legacy["03-data-sync-completed"];
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Act
        var ex = await Record.ExceptionAsync(() => host.Dispatcher.DispatchAsync(EnvelopeBuilder.For(body), Encoding.UTF8.GetBytes(body), cancelled.Token));

        // Assert
        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.Empty(host.Recorder.Received);
    }

    private sealed class FailingHandler : IAlertHandler<LegacyAlert<DataSyncCompletedData>>
    {
        public Task HandleAsync(AlertContext<LegacyAlert<DataSyncCompletedData>> alert, CancellationToken cancellationToken) =>
            throw new TimeoutException("The ledger did not answer.");
    }
}
