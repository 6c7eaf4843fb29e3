using System.Text.Json.Serialization;
using CodatAlerts.Contract.Events;
using CodatAlerts.Contract.Legacy;

namespace CodatAlerts.Contract.Parsing;

/// <summary>
/// Source-generated JSON for every alert type, read as tolerantly as Codat writes: property names without regard to
/// case (legacy PascalCase, event camelCase, and the casings of older docs), numbers that arrive as strings, ISO 8601
/// dates with or without an offset. Every contract record keeps the fields it does not name in a settable
/// <c>[JsonExtensionData] Extra</c>: the generator fills init-only properties through the constructor, which extension
/// data cannot use.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(CodatDateTimeOffsetConverter)])]
[JsonSerializable(typeof(LegacyAlert<DataConnectionStatusChangedData>))]
[JsonSerializable(typeof(LegacyAlert<NewCompanySynchronizedData>))]
[JsonSerializable(typeof(LegacyAlert<DataSyncCompletedData>))]
[JsonSerializable(typeof(LegacyAlert<DatasetDataChangedData>))]
[JsonSerializable(typeof(LegacyAlert<DataSyncStatusChangedToErrorData>))]
[JsonSerializable(typeof(LegacyAlert<PushOperationStatusChangedData>))]
[JsonSerializable(typeof(LegacyAlert<PushOperationTimedOutData>))]
[JsonSerializable(typeof(LegacyAlert<AccountCategoriesUpdatedData>))]
[JsonSerializable(typeof(LegacyAlert<SyncConnectionDeletedData>))]
[JsonSerializable(typeof(LegacyAlert<SyncCompletedData>))]
[JsonSerializable(typeof(LegacyAlert<SyncFailedData>))]
[JsonSerializable(typeof(LegacyAlert<ClientRateLimitReachedData>))]
[JsonSerializable(typeof(LegacyAlert<ClientRateLimitResetData>))]
[JsonSerializable(typeof(LegacyAlert<SyncStartedData>))]
[JsonSerializable(typeof(CompanyCreatedEvent))]
[JsonSerializable(typeof(CompanyDeletedEvent))]
[JsonSerializable(typeof(CompanyProductAddedEvent))]
[JsonSerializable(typeof(CompanyProductRemovedEvent))]
[JsonSerializable(typeof(ConnectionCreatedEvent))]
[JsonSerializable(typeof(ConnectionConnectedEvent))]
[JsonSerializable(typeof(ConnectionDisconnectedEvent))]
[JsonSerializable(typeof(ConnectionReconnectedEvent))]
[JsonSerializable(typeof(ConnectionFailedEvent))]
[JsonSerializable(typeof(ConnectionDeletedEvent))]
[JsonSerializable(typeof(ReadCompletedEvent))]
[JsonSerializable(typeof(ReadCompletedInitialEvent))]
[JsonSerializable(typeof(WriteSuccessfulEvent))]
[JsonSerializable(typeof(WriteUnsuccessfulEvent))]
[JsonSerializable(typeof(ClientRateLimitReachedEvent))]
[JsonSerializable(typeof(ClientRateLimitResetEvent))]
[JsonSerializable(typeof(BankFeedSourceAccountConnectedEvent))]
[JsonSerializable(typeof(BankFeedSourceAccountDisconnectedEvent))]
[JsonSerializable(typeof(ExpensesSyncSuccessfulEvent))]
[JsonSerializable(typeof(ExpensesSyncUnsuccessfulEvent))]
[JsonSerializable(typeof(ReportGenerateSuccessfulEvent))]
[JsonSerializable(typeof(ReportGenerateUnsuccessfulEvent))]
internal sealed partial class CodatJsonContext : JsonSerializerContext;
