using CodatAlerts.Contract.Events;
using CodatAlerts.Contract.Legacy;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.Tests.Contract;

/// <summary>Every example body of the reference parses as the alert type of its rule type, with its fields read.</summary>
public sealed class AlertParserSampleTests
{
    private const string CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
    private const string ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171";

    [Fact]
    public void Data_connection_status_changed_reads_both_statuses_and_the_platform()
    {
        // Arrange
        var body = CodatSamples.Legacy["01-data-connection-status-changed"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<DataConnectionStatusChangedData>>(body);

        // Assert
        var alert = parsed.Alert;
        Assert.Equal("bae71d36-ff47-420a-b4a6-f8c9ddf41140", alert.ClientId);
        Assert.Equal("Bank of Dave", alert.ClientName);
        Assert.Equal("9baccade-d947-4d27-a510-a4dc28cd2460", alert.AlertId);
        Assert.Equal(("PendingAuth", "Linked", "gbol"), (alert.Data!.OldStatus, alert.Data.NewStatus, alert.Data.PlatformKey));
        Assert.Equal(ConnectionId, alert.Data.DataConnectionId);
        Assert.Equal(new(CompanyId, ConnectionId, null), parsed.Facts);
    }

    [Fact]
    public void New_company_synchronised_reads_its_source_type()
    {
        // Arrange
        var body = CodatSamples.Legacy["02-new-company-synchronised"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<NewCompanySynchronizedData>>(body);

        // Assert
        Assert.Equal("Accounting", parsed.Alert.Data!.SourceType);
        Assert.Equal(ConnectionId, parsed.Alert.Data.CompanyName);
        Assert.Equal("New company synchronised", parsed.Alert.RuleType);
    }

    [Fact]
    public void Data_sync_completed_reads_data_type_and_dataset()
    {
        // Arrange
        var body = CodatSamples.Legacy["03-data-sync-completed"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<DataSyncCompletedData>>(body);

        // Assert
        Assert.Equal("creditNotes", parsed.Alert.Data!.DataType);
        Assert.Equal("1541a5ee-0d84-4b6e-a7f7-c07c1f216333", parsed.Alert.Data.DatasetId);
        Assert.Equal(new(CompanyId, ConnectionId, "creditNotes"), parsed.Facts);
    }

    [Fact]
    public void Dataset_data_changed_reads_data_type_and_dataset()
    {
        // Arrange
        var body = CodatSamples.Legacy["04-dataset-data-changed"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<DatasetDataChangedData>>(body);

        // Assert
        Assert.Equal("invoices", parsed.Alert.Data!.DataType);
        Assert.Equal("6586f21b-ad4d-4d06-a309-712af47184a2", parsed.Alert.Data.DatasetId);
    }

    [Fact]
    public void Data_sync_status_changed_to_error_reads_the_dataset_status()
    {
        // Arrange
        var body = CodatSamples.Legacy["05-data-sync-status-changed-to-error"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<DataSyncStatusChangedToErrorData>>(body);

        // Assert
        Assert.Equal("ProcessingError", parsed.Alert.Data!.DatasetStatus);
        Assert.Equal("invoices", parsed.Facts.DataType);
    }

    [Fact]
    public void Push_operation_status_changed_reads_status_and_key()
    {
        // Arrange
        var body = CodatSamples.Legacy["06-push-operation-status-changed"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<PushOperationStatusChangedData>>(body);

        // Assert
        Assert.Equal("Success", parsed.Alert.Data!.Status);
        Assert.Equal("c2f8847d-3047-4619-a157-6d947d8e4a73", parsed.Alert.Data.PushOperationKey);
        Assert.Equal("Push Operation Status Changed()", parsed.Alert.RuleType);
    }

    [Fact]
    public void Push_operation_timed_out_reads_the_key_and_its_deprecated_duplicate()
    {
        // Arrange
        var body = CodatSamples.Legacy["07-push-operation-timed-out"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<PushOperationTimedOutData>>(body);

        // Assert
        Assert.Equal("c2f8847d-3047-4619-a157-6d947d8e4a73", parsed.Alert.Data!.PushOperationKey);
        Assert.Equal(parsed.Alert.Data.PushOperationKey, parsed.Alert.Data.PushOperationGuid);
    }

    [Fact]
    public void Account_categories_updated_reads_the_modified_date()
    {
        // Arrange
        var body = CodatSamples.Legacy["08-account-categories-updated"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<AccountCategoriesUpdatedData>>(body);

        // Assert
        Assert.Equal(new DateTimeOffset(2019, 8, 24, 14, 15, 22, TimeSpan.Zero), parsed.Alert.Data!.ModifiedDate);
    }

    [Fact]
    public void Sync_connection_deleted_has_no_data_and_no_connection()
    {
        // Arrange
        var body = CodatSamples.Legacy["09-sync-connection-deleted"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<SyncConnectionDeletedData>>(body);

        // Assert
        Assert.Null(parsed.Alert.Data);
        Assert.Null(parsed.Alert.DataConnectionId);
        Assert.Equal(new(CompanyId, null, null), parsed.Facts);
    }

    [Fact]
    public void Sync_completed_reads_sync_id_and_type()
    {
        // Arrange
        var body = CodatSamples.Legacy["10-sync-completed"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<SyncCompletedData>>(body);

        // Assert
        Assert.Equal("321363b4-efa9-4fbc-b71c-0b58d62f3248", parsed.Alert.Data!.SyncId);
        Assert.Equal("Expense", parsed.Alert.Data.SyncType);
        Assert.Equal("1f9559e7-8368-48c9-bdf4-f158e16b8b85", parsed.Facts.CompanyId);
    }

    [Fact]
    public void Sync_failed_reads_the_pascal_case_failure_stage()
    {
        // Arrange
        var body = CodatSamples.Legacy["11-sync-failed"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<SyncFailedData>>(body);

        // Assert
        Assert.Equal("Pushing", parsed.Alert.Data!.FailureStage);
        Assert.Equal("3bead2a1-1b3d-4d90-8077-cddc5ca68b01", parsed.Alert.Data.SyncId);
    }

    [Fact]
    public void Rate_limit_reached_reads_the_pascal_case_quota_and_expiry_and_has_no_company()
    {
        // Arrange
        var body = CodatSamples.Legacy["12-rate-limit-reached"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<ClientRateLimitReachedData>>(body);

        // Assert
        Assert.Equal(1000, parsed.Alert.Data!.DailyQuota);
        Assert.Equal(new DateTimeOffset(2023, 5, 3, 0, 0, 0, TimeSpan.Zero), parsed.Alert.Data.ExpiresUtc);
        Assert.Null(parsed.Alert.CompanyId);
        Assert.Equal(new(null, null, null), parsed.Facts);
    }

    [Fact]
    public void Rate_limit_reset_reads_remaining_quota_and_reason()
    {
        // Arrange
        var body = CodatSamples.Legacy["13-rate-limit-reset"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<ClientRateLimitResetData>>(body);

        // Assert
        var data = parsed.Alert.Data!;
        Assert.Equal((1000, 1000), (data.QuotaRemaining, data.DailyQuota));
        Assert.Equal("The quota was reset because it is a new day.", data.ResetReason);
        Assert.Equal(new DateTimeOffset(2023, 5, 3, 0, 0, 0, TimeSpan.Zero), data.ExpiresUtc);
    }

    [Fact]
    public void Sync_started_reads_the_date_range_to_the_tick()
    {
        // Arrange
        var body = CodatSamples.Legacy["14-sync-started"];

        // Act
        var parsed = Bodies.Parse<LegacyAlert<SyncStartedData>>(body);

        // Assert
        var start = new DateTimeOffset(2023, 5, 3, 9, 56, 17, TimeSpan.Zero).AddTicks(4357111);
        Assert.Equal(start, parsed.Alert.Data!.SyncDateRangeStartUtc);
        Assert.Equal(start.AddSeconds(1), parsed.Alert.Data.SyncDateRangeFinishUtc);
    }

    [Fact]
    public void Company_created_reads_the_company_itself_from_an_envelope_that_says_type()
    {
        // Arrange
        var body = CodatSamples.Events["company-created"];

        // Act
        var parsed = Bodies.Parse<CompanyCreatedEvent>(body);

        // Assert
        Assert.Equal("company.created", parsed.Alert.EventType);
        Assert.Equal("ced1f5b5-9d4a-4d70-838f-1ae0bb69b075", parsed.Alert.Id);
        Assert.Equal(new DateTimeOffset(2024, 9, 29, 20, 26, 10, TimeSpan.Zero).AddTicks(3445220), parsed.Alert.GeneratedDate);
        Assert.Equal(CompanyId, parsed.Alert.Payload!.Id);
        Assert.Equal("uk", parsed.Alert.Payload.Tags!["region"]);
        Assert.Null(parsed.Alert.Payload.LastSync);
        Assert.Equal(CompanyId, parsed.Facts.CompanyId);
    }

    [Fact]
    public void Company_deleted_reads_last_sync_and_created()
    {
        // Arrange
        var body = CodatSamples.Events["company-deleted"];

        // Act
        var parsed = Bodies.Parse<CompanyDeletedEvent>(body);

        // Assert
        Assert.Equal(new DateTimeOffset(2024, 9, 1, 10, 0, 0, TimeSpan.Zero), parsed.Alert.Payload!.Created);
        Assert.Empty(parsed.Alert.Payload.Tags!);
    }

    [Fact]
    public void Company_product_added_reads_the_product_and_the_reference_company()
    {
        // Arrange
        var body = CodatSamples.Events["company-product-added"];

        // Act
        var parsed = Bodies.Parse<CompanyProductAddedEvent>(body);

        // Assert
        Assert.Equal("lending", parsed.Alert.Payload!.ProductIdentifier);
        Assert.Equal("https://app.codat.io/companies/" + CompanyId, parsed.Alert.Payload.ReferenceCompany!.Links!.Portal);
        Assert.Equal(CompanyId, parsed.Facts.CompanyId);
    }

    [Theory]
    [InlineData("connection-created", typeof(ConnectionCreatedEvent), "PendingAuth")]
    [InlineData("connection-connected", typeof(ConnectionConnectedEvent), "Linked")]
    [InlineData("connection-disconnected", typeof(ConnectionDisconnectedEvent), "Unlinked")]
    [InlineData("connection-reconnected", typeof(ConnectionReconnectedEvent), "Linked")]
    [InlineData("connection-failed", typeof(ConnectionFailedEvent), "Deauthorized")]
    [InlineData("connection-deleted", typeof(ConnectionDeletedEvent), "Unlinked")]
    public void Connection_events_read_the_connection_and_its_status(string sample, Type eventType, string status)
    {
        // Arrange
        var body = CodatSamples.Events[sample];

        // Act
        var parsed = Bodies.Parse(body);

        // Assert
        Assert.Equal(eventType, parsed.AlertType);
        var payload = Assert.IsAssignableFrom<CodatEvent<ConnectionPayload>>(Bodies.AlertOf(parsed)).Payload!;
        Assert.Equal(status, payload.Connection!.Status);
        Assert.Equal("gbol", payload.Connection.IntegrationKey);
        Assert.Equal("Xero", payload.Connection.PlatformName);
        Assert.Empty(payload.Connection.DataConnectionErrors!);
        Assert.Equal(new(CompanyId, ConnectionId, null), parsed.Facts);
    }

    [Fact]
    public void Read_completed_reads_every_data_type_with_its_status_and_issues()
    {
        // Arrange
        var body = CodatSamples.Events["read-completed"];

        // Act
        var parsed = Bodies.Parse<ReadCompletedEvent>(body);

        // Assert
        var dataTypes = parsed.Alert.Payload!.DataTypes!;
        Assert.Equal(2, dataTypes.Count);
        Assert.Equal(("invoices", true, "Complete"), (dataTypes[0].DataType, dataTypes[0].RecordsModified, dataTypes[0].Status));
        Assert.Equal(("bills", false, "FetchError"), (dataTypes[1].DataType, dataTypes[1].RecordsModified, dataTypes[1].Status));
        Assert.Equal("FetchError", Assert.Single(dataTypes[1].Issues!).Type);
        Assert.Equal(new DateTimeOffset(2024, 9, 28, 20, 26, 10, TimeSpan.Zero), parsed.Alert.Payload.ModifiedFromDate);
        Assert.Equal(new(CompanyId, ConnectionId, null), parsed.Facts);
    }

    [Fact]
    public void Read_completed_initial_reads_its_single_data_type_as_a_fact()
    {
        // Arrange
        var body = CodatSamples.Events["read-completed-initial"];

        // Act
        var parsed = Bodies.Parse<ReadCompletedInitialEvent>(body);

        // Assert
        Assert.Null(parsed.Alert.Payload!.ModifiedFromDate);
        Assert.True(parsed.Alert.Payload.DataTypes![0].RecordsModified);
        Assert.Equal(new(CompanyId, ConnectionId, "customers"), parsed.Facts);
    }

    [Fact]
    public void Write_successful_reads_the_push_operation_and_takes_the_data_type_from_the_event_type()
    {
        // Arrange
        var body = CodatSamples.Events["invoices-write-successful"];

        // Act
        var parsed = Bodies.Parse<WriteSuccessfulEvent>(body);

        // Assert
        var write = parsed.Alert.Payload!;
        Assert.Equal("c2f8847d-3047-4619-a157-6d947d8e4a73", write.Id);
        Assert.Equal(("Create", "Success", "INV-0042"), (write.Type, write.Status, write.Record!.Id));
        Assert.Equal("invoices", parsed.Match.Qualifier);
        Assert.Equal(new(CompanyId, ConnectionId, "invoices"), parsed.Facts);
    }

    [Fact]
    public void Write_unsuccessful_reads_the_timed_out_status()
    {
        // Arrange
        var body = CodatSamples.Events["bankTransactions-write-unsuccessful"];

        // Act
        var parsed = Bodies.Parse<WriteUnsuccessfulEvent>(body);

        // Assert
        Assert.Equal("TimedOut", parsed.Alert.Payload!.Status);
        Assert.Null(parsed.Alert.Payload.Record);
        Assert.Equal("bankTransactions", parsed.Facts.DataType);
    }

    [Fact]
    public void Rate_limit_reached_event_reads_the_camel_case_quota()
    {
        // Arrange
        var body = CodatSamples.Events["client-rateLimit-reached"];

        // Act
        var parsed = Bodies.Parse<ClientRateLimitReachedEvent>(body);

        // Assert
        Assert.Equal((1000, 0), (parsed.Alert.Payload!.DailyQuota, parsed.Alert.Payload.QuotaRemaining));
        Assert.Equal(new DateTimeOffset(2024, 9, 30, 0, 0, 0, TimeSpan.Zero), parsed.Alert.Payload.ExpiryDate);
    }

    [Fact]
    public void Rate_limit_reset_event_reads_the_remaining_quota()
    {
        // Arrange
        var body = CodatSamples.Events["client-rateLimit-reset"];

        // Act
        var parsed = Bodies.Parse<ClientRateLimitResetEvent>(body);

        // Assert
        Assert.Equal(1000, parsed.Alert.Payload!.QuotaRemaining);
    }

    [Fact]
    public void Bank_feed_source_account_connected_reads_the_account()
    {
        // Arrange
        var body = CodatSamples.Events["bankFeeds-sourceAccount-connected"];

        // Act
        var parsed = Bodies.Parse<BankFeedSourceAccountConnectedEvent>(body);

        // Assert
        var account = parsed.Alert.Payload!.SourceAccount!;
        Assert.Equal(("acc-001", "linked", "GBP", 1520.5m), (account.Id, account.Status, account.Currency, account.Balance));
        Assert.Equal(new(CompanyId, ConnectionId, null), parsed.Facts);
    }

    [Fact]
    public void Bank_feed_source_account_disconnected_reads_the_status()
    {
        // Arrange
        var body = CodatSamples.Events["bankFeeds-sourceAccount-disconnected"];

        // Act
        var parsed = Bodies.Parse<BankFeedSourceAccountDisconnectedEvent>(body);

        // Assert
        Assert.Equal("unlinked", parsed.Alert.Payload!.SourceAccount!.Status);
        Assert.Equal(CompanyId, parsed.Alert.Payload.CompanyId);
    }

    [Fact]
    public void Expenses_sync_successful_reads_the_transactions()
    {
        // Arrange
        var body = CodatSamples.Events["expenses-sync-successful"];

        // Act
        var parsed = Bodies.Parse<ExpensesSyncSuccessfulEvent>(body);

        // Assert
        Assert.Equal("321363b4-efa9-4fbc-b71c-0b58d62f3248", parsed.Alert.Payload!.SyncId);
        var transaction = Assert.Single(parsed.Alert.Payload.Transactions!);
        Assert.Equal(("txn-1", "Completed", null), (transaction.Id, transaction.Status, transaction.ErrorMessage));
    }

    [Fact]
    public void Expenses_sync_unsuccessful_reads_the_transaction_error()
    {
        // Arrange
        var body = CodatSamples.Events["expenses-sync-unsuccessful"];

        // Act
        var parsed = Bodies.Parse<ExpensesSyncUnsuccessfulEvent>(body);

        // Assert
        Assert.Equal("The account code is not valid.", Assert.Single(parsed.Alert.Payload!.Transactions!).ErrorMessage);
    }

    [Fact]
    public void Report_generated_reads_the_report_id_and_takes_the_report_from_the_event_type()
    {
        // Arrange
        var body = CodatSamples.Events["reports-creditModel-generate-successful"];

        // Act
        var parsed = Bodies.Parse<ReportGenerateSuccessfulEvent>(body);

        // Assert
        Assert.Equal("bd7d0e21-7a52-4f02-8a5a-7c8e3d4b2e11", parsed.Alert.Payload!.ReportId);
        Assert.Equal("creditModel", parsed.Match.Qualifier);
    }
}
