using System.Collections.Frozen;

namespace CodatAlerts.Contract;

/// <summary>
/// The catalogue of Codat rule and event types (reference §2.2 and §3): every accepted spelling, matched without
/// regard to case, resolves to one canonical <see cref="RuleType"/>.
/// </summary>
public static class RuleTypes
{
    // Legacy rules: the canonical name is the new service's PascalCase name for the same (legacy-shaped) event.
    public static readonly RuleType DataConnectionStatusChanged = Legacy(nameof(DataConnectionStatusChanged));
    public static readonly RuleType NewCompanySynchronized = Legacy(nameof(NewCompanySynchronized));
    public static readonly RuleType DataSyncCompleted = Legacy(nameof(DataSyncCompleted));
    public static readonly RuleType DatasetDataChanged = Legacy(nameof(DatasetDataChanged));
    public static readonly RuleType DataSyncStatusChangedToError = Legacy(nameof(DataSyncStatusChangedToError));
    public static readonly RuleType PushOperationStatusChanged = Legacy(nameof(PushOperationStatusChanged));
    public static readonly RuleType PushOperationTimedOut = Legacy(nameof(PushOperationTimedOut));
    public static readonly RuleType AccountCategoriesUpdated = Legacy(nameof(AccountCategoriesUpdated));
    public static readonly RuleType SyncConnectionDeleted = Legacy(nameof(SyncConnectionDeleted));
    public static readonly RuleType SyncCompleted = Legacy(nameof(SyncCompleted));
    public static readonly RuleType SyncFailed = Legacy(nameof(SyncFailed));
    public static readonly RuleType ClientRateLimitReached = Legacy(nameof(ClientRateLimitReached));
    public static readonly RuleType ClientRateLimitReset = Legacy(nameof(ClientRateLimitReset));
    public static readonly RuleType SyncStarted = Legacy(nameof(SyncStarted));

    // Event envelopes of the signed service.
    public static readonly RuleType CompanyCreated = Event("company.created");
    public static readonly RuleType CompanyDeleted = Event("company.deleted");
    public static readonly RuleType CompanyProductAdded = Event("company.product.added");
    public static readonly RuleType CompanyProductRemoved = Event("company.product.removed");
    public static readonly RuleType ConnectionCreated = Event("connection.created");
    public static readonly RuleType ConnectionConnected = Event("connection.connected");
    public static readonly RuleType ConnectionDisconnected = Event("connection.disconnected");
    public static readonly RuleType ConnectionReconnected = Event("connection.reconnected");
    public static readonly RuleType ConnectionFailed = Event("connection.failed");
    public static readonly RuleType ConnectionDeleted = Event("connection.deleted");
    public static readonly RuleType ReadCompleted = Event("read.completed");
    public static readonly RuleType ReadCompletedInitial = Event("read.completed.initial");
    public static readonly RuleType ClientRateLimitReachedEvent = Event("client.rateLimit.reached");
    public static readonly RuleType ClientRateLimitResetEvent = Event("client.rateLimit.reset");
    public static readonly RuleType BankFeedsSourceAccountConnected = Event("bankFeeds.sourceAccount.connected");
    public static readonly RuleType BankFeedsSourceAccountDisconnected = Event("bankFeeds.sourceAccount.disconnected");
    public static readonly RuleType ExpensesSyncSuccessful = Event("expenses.sync.successful");
    public static readonly RuleType ExpensesSyncUnsuccessful = Event("expenses.sync.unsuccessful");

    /// <summary><c>{dataType}.write.successful</c>; the data type is the match's qualifier.</summary>
    public static readonly RuleType WriteSuccessful = Event("write.successful");

    /// <summary><c>{dataType}.write.unsuccessful</c>; the data type is the match's qualifier.</summary>
    public static readonly RuleType WriteUnsuccessful = Event("write.unsuccessful");

    /// <summary><c>reports.{report}.generate.successful</c> (the docs also write <c>report.</c>); the report is the qualifier.</summary>
    public static readonly RuleType ReportGenerateSuccessful = Event("reports.generate.successful");

    /// <summary><c>reports.{report}.generate.unsuccessful</c>; the report is the qualifier.</summary>
    public static readonly RuleType ReportGenerateUnsuccessful = Event("reports.generate.unsuccessful");

    private static readonly FrozenDictionary<string, RuleType> Spellings = BuildSpellings();

    /// <summary>Every canonical type, legacy first.</summary>
    public static IReadOnlyList<RuleType> All { get; } = [.. Spellings.Values.Distinct().OrderBy(t => t.Shape).ThenBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Resolves a raw <c>RuleType</c> or <c>eventType</c> value; null when Codat has never used that name.</summary>
    public static RuleTypeMatch? Resolve(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var name = raw.Trim();
        if (Spellings.TryGetValue(name, out var known))
        {
            return new RuleTypeMatch(known);
        }

        return ResolveTemplated(name);
    }

    private static RuleTypeMatch? ResolveTemplated(string name)
    {
        // {dataType}.write.successful | {dataType}.write.unsuccessful
        if (TrySplitSuffix(name, ".write.successful", out var dataType))
        {
            return new RuleTypeMatch(WriteSuccessful, dataType);
        }

        if (TrySplitSuffix(name, ".write.unsuccessful", out dataType))
        {
            return new RuleTypeMatch(WriteUnsuccessful, dataType);
        }

        // reports.{report}.generate.(un)successful; Codat's docs table writes "report." where the OAS writes "reports.".
        foreach (var prefix in (ReadOnlySpan<string>)["reports.", "report."])
        {
            if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = name[prefix.Length..];
            if (TrySplitSuffix(rest, ".generate.successful", out var report))
            {
                return new RuleTypeMatch(ReportGenerateSuccessful, report);
            }

            if (TrySplitSuffix(rest, ".generate.unsuccessful", out report))
            {
                return new RuleTypeMatch(ReportGenerateUnsuccessful, report);
            }
        }

        return null;
    }

    private static bool TrySplitSuffix(string name, string suffix, out string head)
    {
        head = string.Empty;
        if (name.Length <= suffix.Length || !name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        head = name[..^suffix.Length];
        return !head.Contains('.', StringComparison.Ordinal) && !head.Contains(' ', StringComparison.Ordinal);
    }

    private static FrozenDictionary<string, RuleType> BuildSpellings()
    {
        // Exact RuleType strings, the aliases Codat has used (reference §2.2 "Also accept"), and the new-service names.
        var legacy = new (RuleType Type, string[] Spellings)[]
        {
            (DataConnectionStatusChanged, ["DataConnectionStatusChanged"]),
            (NewCompanySynchronized, ["New company synchronised", "New company synchronized", "NewCompanySynchronized"]),
            (DataSyncCompleted, ["Data sync completed", "DataSyncCompleted"]),
            (DatasetDataChanged, ["Dataset data changed", "DatasetDataChanged"]),
            (DataSyncStatusChangedToError, ["Data Sync Status Changed To Error", "DataSyncStatusChangedToError"]),
            (PushOperationStatusChanged, ["Push Operation Status Changed()", "Push Operation Status Changed", "PushOperationStatusChanged"]),
            (PushOperationTimedOut, ["Push Operation Timed Out", "PushOperationTimedOut"]),
            (AccountCategoriesUpdated, ["Account Categories Updated", "AccountCategoriesUpdated"]),
            (SyncConnectionDeleted, ["Sync Connection Deleted", "SyncConnectionDeleted"]),
            (SyncCompleted, ["Sync Completed", "SyncCompleted"]),
            (SyncFailed, ["Sync Failed", "SyncFailed"]),
            (ClientRateLimitReached, ["Rate Limit Reached", "ClientRateLimitReached"]),
            (ClientRateLimitReset, ["Rate Limit Reset", "ClientRateLimitReset"]),
            (SyncStarted, ["Sync Started", "SyncStarted"]),
        };

        var events = new[]
        {
            CompanyCreated, CompanyDeleted, CompanyProductAdded, CompanyProductRemoved,
            ConnectionCreated, ConnectionConnected, ConnectionDisconnected, ConnectionReconnected, ConnectionFailed, ConnectionDeleted,
            ReadCompleted, ReadCompletedInitial, ClientRateLimitReachedEvent, ClientRateLimitResetEvent,
            BankFeedsSourceAccountConnected, BankFeedsSourceAccountDisconnected, ExpensesSyncSuccessful, ExpensesSyncUnsuccessful,
        };

        var map = new Dictionary<string, RuleType>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, spellings) in legacy)
        {
            foreach (var spelling in spellings)
            {
                map.Add(spelling, type);
            }
        }

        foreach (var type in events)
        {
            map.Add(type.Name, type);
        }

        // Templated families are matched by pattern, but their canonical names resolve too (replay filters use them).
        foreach (var type in (RuleType[])[WriteSuccessful, WriteUnsuccessful, ReportGenerateSuccessful, ReportGenerateUnsuccessful])
        {
            map.Add(type.Name, type);
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static RuleType Legacy(string name) => new(name, AlertShape.Legacy);

    private static RuleType Event(string name) => new(name, AlertShape.Event);
}
