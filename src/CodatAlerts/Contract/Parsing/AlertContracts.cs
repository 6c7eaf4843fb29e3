using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;
using CodatAlerts.Contract.Events;
using CodatAlerts.Contract.Legacy;

namespace CodatAlerts.Contract.Parsing;

/// <summary>
/// The alert type of every canonical rule type, and where each keeps its company, connection and data type
/// (reference §2.2, §3 and the field mapping of §4). Built once.
/// </summary>
internal static class AlertContracts
{
    private static readonly FrozenDictionary<RuleType, AlertContract> ByRuleType = Build();

    private static readonly FrozenSet<Type> AlertTypes = ByRuleType.Values.Select(c => c.AlertType).ToFrozenSet();

    /// <summary>The contract of <paramref name="ruleType"/>, or null for a type the catalogue does not hold.</summary>
    public static AlertContract? For(RuleType ruleType) => ByRuleType.GetValueOrDefault(ruleType);

    /// <summary>Whether some rule type's alerts are of <paramref name="type"/>.</summary>
    public static bool IsAlertType(Type type) => AlertTypes.Contains(type);

    private static FrozenDictionary<RuleType, AlertContract> Build()
    {
        var json = CodatJsonContext.Default;
        AlertContract[] contracts =
        [
            Legacy(RuleTypes.DataConnectionStatusChanged, json.LegacyAlertDataConnectionStatusChangedData,
                a => new(a.CompanyId, a.DataConnectionId ?? a.Data?.DataConnectionId, null)),
            Legacy(RuleTypes.NewCompanySynchronized, json.LegacyAlertNewCompanySynchronizedData,
                a => LegacyFacts(a, null)),
            Legacy(RuleTypes.DataSyncCompleted, json.LegacyAlertDataSyncCompletedData,
                a => LegacyFacts(a, a.Data?.DataType)),
            Legacy(RuleTypes.DatasetDataChanged, json.LegacyAlertDatasetDataChangedData,
                a => LegacyFacts(a, a.Data?.DataType)),
            Legacy(RuleTypes.DataSyncStatusChangedToError, json.LegacyAlertDataSyncStatusChangedToErrorData,
                a => LegacyFacts(a, a.Data?.DataType)),
            Legacy(RuleTypes.PushOperationStatusChanged, json.LegacyAlertPushOperationStatusChangedData,
                a => LegacyFacts(a, a.Data?.DataType)),
            Legacy(RuleTypes.PushOperationTimedOut, json.LegacyAlertPushOperationTimedOutData,
                a => LegacyFacts(a, a.Data?.DataType)),
            Legacy(RuleTypes.AccountCategoriesUpdated, json.LegacyAlertAccountCategoriesUpdatedData,
                a => LegacyFacts(a, null)),
            Legacy(RuleTypes.SyncConnectionDeleted, json.LegacyAlertSyncConnectionDeletedData,
                a => LegacyFacts(a, null)),
            Legacy(RuleTypes.SyncCompleted, json.LegacyAlertSyncCompletedData, a => LegacyFacts(a, null)),
            Legacy(RuleTypes.SyncFailed, json.LegacyAlertSyncFailedData, a => LegacyFacts(a, null)),
            Legacy(RuleTypes.ClientRateLimitReached, json.LegacyAlertClientRateLimitReachedData, _ => AlertFacts.None),
            Legacy(RuleTypes.ClientRateLimitReset, json.LegacyAlertClientRateLimitResetData, _ => AlertFacts.None),
            Legacy(RuleTypes.SyncStarted, json.LegacyAlertSyncStartedData, a => LegacyFacts(a, null)),

            Event(RuleTypes.CompanyCreated, json.CompanyCreatedEvent, (e, _) => new(e.Payload?.Id, null, null)),
            Event(RuleTypes.CompanyDeleted, json.CompanyDeletedEvent, (e, _) => new(e.Payload?.Id, null, null)),
            Event(RuleTypes.CompanyProductAdded, json.CompanyProductAddedEvent,
                (e, _) => CompanyFacts(e.Payload?.ReferenceCompany)),
            Event(RuleTypes.CompanyProductRemoved, json.CompanyProductRemovedEvent,
                (e, _) => CompanyFacts(e.Payload?.ReferenceCompany)),
            Event(RuleTypes.ConnectionCreated, json.ConnectionCreatedEvent, (e, _) => ConnectionFacts(e.Payload)),
            Event(RuleTypes.ConnectionConnected, json.ConnectionConnectedEvent, (e, _) => ConnectionFacts(e.Payload)),
            Event(RuleTypes.ConnectionDisconnected, json.ConnectionDisconnectedEvent,
                (e, _) => ConnectionFacts(e.Payload)),
            Event(RuleTypes.ConnectionReconnected, json.ConnectionReconnectedEvent,
                (e, _) => ConnectionFacts(e.Payload)),
            Event(RuleTypes.ConnectionFailed, json.ConnectionFailedEvent, (e, _) => ConnectionFacts(e.Payload)),
            Event(RuleTypes.ConnectionDeleted, json.ConnectionDeletedEvent, (e, _) => ConnectionFacts(e.Payload)),
            Event(RuleTypes.ReadCompleted, json.ReadCompletedEvent, (e, _) => ReadFacts(e.Payload)),
            Event(RuleTypes.ReadCompletedInitial, json.ReadCompletedInitialEvent, (e, _) => ReadFacts(e.Payload)),
            Event(RuleTypes.WriteSuccessful, json.WriteSuccessfulEvent, (e, match) => WriteFacts(e.Payload, match)),
            Event(RuleTypes.WriteUnsuccessful, json.WriteUnsuccessfulEvent, (e, match) => WriteFacts(e.Payload, match)),
            Event(RuleTypes.ClientRateLimitReachedEvent, json.ClientRateLimitReachedEvent, (_, _) => AlertFacts.None),
            Event(RuleTypes.ClientRateLimitResetEvent, json.ClientRateLimitResetEvent, (_, _) => AlertFacts.None),
            Event(RuleTypes.BankFeedsSourceAccountConnected, json.BankFeedSourceAccountConnectedEvent,
                (e, _) => BankFeedFacts(e.Payload)),
            Event(RuleTypes.BankFeedsSourceAccountDisconnected, json.BankFeedSourceAccountDisconnectedEvent,
                (e, _) => BankFeedFacts(e.Payload)),
            Event(RuleTypes.ExpensesSyncSuccessful, json.ExpensesSyncSuccessfulEvent,
                (e, _) => CompanyFacts(e.Payload?.ReferenceCompany)),
            Event(RuleTypes.ExpensesSyncUnsuccessful, json.ExpensesSyncUnsuccessfulEvent,
                (e, _) => CompanyFacts(e.Payload?.ReferenceCompany)),
            Event(RuleTypes.ReportGenerateSuccessful, json.ReportGenerateSuccessfulEvent,
                (e, _) => CompanyFacts(e.Payload?.ReferenceCompany)),
            Event(RuleTypes.ReportGenerateUnsuccessful, json.ReportGenerateUnsuccessfulEvent,
                (e, _) => CompanyFacts(e.Payload?.ReferenceCompany)),
        ];

        return contracts.ToFrozenDictionary(c => c.RuleType);
    }

    private static AlertContract<LegacyAlert<TData>> Legacy<TData>(
        RuleType ruleType,
        JsonTypeInfo<LegacyAlert<TData>> typeInfo,
        Func<LegacyAlert<TData>, AlertFacts> factsOf)
        where TData : class =>
        new(ruleType, typeInfo, (alert, _) => factsOf(alert));

    private static AlertContract<TEvent> Event<TEvent>(
        RuleType ruleType,
        JsonTypeInfo<TEvent> typeInfo,
        Func<TEvent, RuleTypeMatch, AlertFacts> factsOf)
        where TEvent : class =>
        new(ruleType, typeInfo, factsOf);

    private static AlertFacts LegacyFacts<TData>(LegacyAlert<TData> alert, string? dataType)
        where TData : class =>
        new(alert.CompanyId, alert.DataConnectionId, dataType);

    private static AlertFacts CompanyFacts(ReferenceCompany? company) => new(company?.Id, null, null);

    private static AlertFacts ConnectionFacts(ConnectionPayload? payload) =>
        new(payload?.ReferenceCompany?.Id, payload?.Connection?.Id, null);

    private static AlertFacts ReadFacts(ReadCompletedPayload? payload) =>
        new(
            payload?.ReferenceCompany?.Id,
            OnlyOne(payload?.DataTypes, d => d.ConnectionId),
            OnlyOne(payload?.DataTypes, d => d.DataType));

    // The push operation's data type is the templated part of "{dataType}.write.successful".
    private static AlertFacts WriteFacts(WritePayload? payload, RuleTypeMatch match) =>
        new(payload?.ReferenceCompany?.Id, payload?.ConnectionId, match.Qualifier);

    // companyId is deprecated in favour of referenceCompany, but older payloads may carry only it.
    private static AlertFacts BankFeedFacts(BankFeedSourceAccountPayload? payload) =>
        new(payload?.ReferenceCompany?.Id ?? payload?.CompanyId, payload?.ConnectionId, null);

    private static string? OnlyOne<T>(IReadOnlyList<T>? items, Func<T, string?> value)
    {
        // A list may hold a literal null (Codat's arrays are not typed as non-null); it names nothing.
        var distinct = items?.Where(i => i is not null).Select(value).Where(v => v is not null).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return distinct is [var only] ? only : null;
    }
}
