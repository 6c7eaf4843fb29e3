using Microsoft.Extensions.Logging;

namespace CodatAlerts.Processing.Handlers.BuiltIn;

/// <summary>
/// Log events of the built-in handlers (360–399): the facts of each alert, as holes that land in
/// <c>customDimensions</c>. Never the raw body; Codat's free-text <c>Message</c> at Debug only; company names not at all.
/// </summary>
internal static partial class HandlerLog
{
    // Legacy rules (360–379).

    [LoggerMessage(EventId = 360, Level = LogLevel.Information,
        Message = "Connection {ConnectionId} ({PlatformKey}) of company {CompanyId} changed from {OldStatus} to {NewStatus} (client {ClientId})")]
    public static partial void ConnectionStatusChanged(
        ILogger logger, string? connectionId, string? platformKey, string? companyId, string? oldStatus, string? newStatus, string clientId);

    [LoggerMessage(EventId = 361, Level = LogLevel.Information,
        Message = "Company {CompanyId} finished its first synchronisation through connection {ConnectionId} ({SourceType}) (client {ClientId})")]
    public static partial void CompanySynchronized(ILogger logger, string? companyId, string? connectionId, string? sourceType, string clientId);

    [LoggerMessage(EventId = 362, Level = LogLevel.Information,
        Message = "{RuleType}: dataset {DatasetId} of {DataType} for company {CompanyId}, connection {ConnectionId} (client {ClientId})")]
    public static partial void DatasetCompleted(
        ILogger logger, string ruleType, string? datasetId, string? dataType, string? companyId, string? connectionId, string clientId);

    [LoggerMessage(EventId = 363, Level = LogLevel.Warning,
        Message = "Dataset {DatasetId} of {DataType} for company {CompanyId}, connection {ConnectionId}, is in error state {DatasetStatus} (client {ClientId})")]
    public static partial void DatasetFailed(
        ILogger logger, string? datasetId, string? dataType, string? companyId, string? connectionId, string? datasetStatus, string clientId);

    [LoggerMessage(EventId = 364,
        Message = "Push operation {PushOperationKey} writing {DataType} for company {CompanyId}, connection {ConnectionId}, is {Status} (client {ClientId})")]
    public static partial void PushOperationStatusChanged(
        ILogger logger, LogLevel level, string? pushOperationKey, string? dataType, string? companyId, string? connectionId, string? status, string clientId);

    [LoggerMessage(EventId = 365, Level = LogLevel.Warning,
        Message = "Push operation {PushOperationKey} writing {DataType} for company {CompanyId}, connection {ConnectionId}, timed out (client {ClientId})")]
    public static partial void PushOperationTimedOut(
        ILogger logger, string? pushOperationKey, string? dataType, string? companyId, string? connectionId, string clientId);

    [LoggerMessage(EventId = 366, Level = LogLevel.Information,
        Message = "Account categories of company {CompanyId} were updated at {ModifiedDate} (client {ClientId})")]
    public static partial void AccountCategoriesUpdated(ILogger logger, string? companyId, DateTimeOffset? modifiedDate, string clientId);

    [LoggerMessage(EventId = 367, Level = LogLevel.Information,
        Message = "The sync connection of company {CompanyId} was deleted (client {ClientId})")]
    public static partial void SyncConnectionDeleted(ILogger logger, string? companyId, string clientId);

    [LoggerMessage(EventId = 368, Level = LogLevel.Information,
        Message = "{RuleType}: expenses sync {SyncId} ({SyncType}) for company {CompanyId}, range {SyncDateRangeStartUtc} to {SyncDateRangeFinishUtc} (client {ClientId})")]
    public static partial void ExpensesSyncProgressed(
        ILogger logger, string ruleType, string? syncId, string? syncType, string? companyId,
        DateTimeOffset? syncDateRangeStartUtc, DateTimeOffset? syncDateRangeFinishUtc, string clientId);

    [LoggerMessage(EventId = 369, Level = LogLevel.Warning,
        Message = "Expenses sync {SyncId} ({SyncType}) for company {CompanyId} failed at stage {FailureStage} (client {ClientId})")]
    public static partial void ExpensesSyncFailed(ILogger logger, string? syncId, string? syncType, string? companyId, string? failureStage, string clientId);

    [LoggerMessage(EventId = 370, Level = LogLevel.Warning,
        Message = "Client {ClientId} reached its daily quota of {DailyQuota} requests; the limit expires at {ExpiresUtc}")]
    public static partial void RateLimitReached(ILogger logger, string clientId, int? dailyQuota, DateTimeOffset? expiresUtc);

    [LoggerMessage(EventId = 371, Level = LogLevel.Information,
        Message = "Client {ClientId} quota was reset ({ResetReason}): {QuotaRemaining} of {DailyQuota} requests remain until {ExpiresUtc}")]
    public static partial void RateLimitReset(
        ILogger logger, string clientId, string? resetReason, int? quotaRemaining, int? dailyQuota, DateTimeOffset? expiresUtc);

    [LoggerMessage(EventId = 372, Level = LogLevel.Debug, Message = "{RuleType} message from Codat: {CodatMessage}")]
    public static partial void LegacyMessage(ILogger logger, string ruleType, string? codatMessage);

    // Event types (380–399).

    [LoggerMessage(EventId = 380, Level = LogLevel.Information, Message = "{RuleType}: company {CompanyId} (client {ClientId})")]
    public static partial void CompanyChanged(ILogger logger, string ruleType, string? companyId, string clientId);

    [LoggerMessage(EventId = 381, Level = LogLevel.Information,
        Message = "{RuleType}: product {Product} for company {CompanyId} (client {ClientId})")]
    public static partial void CompanyProductChanged(ILogger logger, string ruleType, string? product, string? companyId, string clientId);

    [LoggerMessage(EventId = 382,
        Message = "{RuleType}: connection {ConnectionId} ({IntegrationKey}) of company {CompanyId} is {Status} (client {ClientId})")]
    public static partial void ConnectionChanged(
        ILogger logger, LogLevel level, string ruleType, string? connectionId, string? integrationKey, string? companyId, string? status, string clientId);

    [LoggerMessage(EventId = 383,
        Message = "{RuleType}: {DataType} from connection {ConnectionId} of company {CompanyId} is {Status}, records modified: {RecordsModified} (client {ClientId})")]
    public static partial void DataTypeRead(
        ILogger logger, LogLevel level, string ruleType, string? dataType, string? connectionId, string? companyId, string? status,
        bool? recordsModified, string clientId);

    [LoggerMessage(EventId = 384, Level = LogLevel.Information,
        Message = "{RuleType}: company {CompanyId} reported no data types (client {ClientId})")]
    public static partial void ReadWithoutDataTypes(ILogger logger, string ruleType, string? companyId, string clientId);

    [LoggerMessage(EventId = 385,
        Message = "{RuleType}: {WriteType} of {DataType} by push operation {PushOperationKey} for company {CompanyId}, connection {ConnectionId}, is {Status} (client {ClientId})")]
    public static partial void WriteCompleted(
        ILogger logger, LogLevel level, string ruleType, string? writeType, string? dataType, string? pushOperationKey, string? companyId,
        string? connectionId, string? status, string clientId);

    [LoggerMessage(EventId = 386,
        Message = "{RuleType}: client {ClientId} has {QuotaRemaining} of {DailyQuota} requests left until {ExpiryDate}")]
    public static partial void RateLimitChanged(
        ILogger logger, LogLevel level, string ruleType, string clientId, int? quotaRemaining, int? dailyQuota, DateTimeOffset? expiryDate);

    [LoggerMessage(EventId = 387,
        Message = "{RuleType}: expenses sync {SyncId} for company {CompanyId} had {TransactionCount} transactions, {ErrorCount} with an error (client {ClientId})")]
    public static partial void ExpensesSynced(
        ILogger logger, LogLevel level, string ruleType, string? syncId, string? companyId, int transactionCount, int errorCount, string clientId);

    [LoggerMessage(EventId = 388, Level = LogLevel.Information,
        Message = "{RuleType}: source account {SourceAccountId} on connection {ConnectionId} of company {CompanyId} is {Status} (client {ClientId})")]
    public static partial void BankFeedSourceAccountChanged(
        ILogger logger, string ruleType, string? sourceAccountId, string? connectionId, string? companyId, string? status, string clientId);

    [LoggerMessage(EventId = 389,
        Message = "{RuleType}: report {Report} ({ReportId}) for company {CompanyId} (client {ClientId})")]
    public static partial void ReportGenerated(
        ILogger logger, LogLevel level, string ruleType, string? report, string? reportId, string? companyId, string clientId);
}
