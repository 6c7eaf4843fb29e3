using CodatAlerts.Contract;

namespace CodatAlerts.Tests.Contract;

public sealed class RuleTypesTests
{
    // Reference §2.2: the exact RuleType, every "also accept" spelling, and the new-service PascalCase name.
    public static TheoryData<string, string> LegacySpellings => new()
    {
        { "DataConnectionStatusChanged", "DataConnectionStatusChanged" },
        { "New company synchronised", "NewCompanySynchronized" },
        { "New company synchronized", "NewCompanySynchronized" },
        { "NewCompanySynchronized", "NewCompanySynchronized" },
        { "Data sync completed", "DataSyncCompleted" },
        { "DataSyncCompleted", "DataSyncCompleted" },
        { "Dataset data changed", "DatasetDataChanged" },
        { "DatasetDataChanged", "DatasetDataChanged" },
        { "Data Sync Status Changed To Error", "DataSyncStatusChangedToError" },
        { "Data Sync Status Changed to Error", "DataSyncStatusChangedToError" },
        { "DataSyncStatusChangedToError", "DataSyncStatusChangedToError" },
        { "Push Operation Status Changed()", "PushOperationStatusChanged" },
        { "Push Operation Status Changed", "PushOperationStatusChanged" },
        { "PushOperationStatusChanged", "PushOperationStatusChanged" },
        { "Push Operation Timed Out", "PushOperationTimedOut" },
        { "PushOperationTimedOut", "PushOperationTimedOut" },
        { "Account Categories Updated", "AccountCategoriesUpdated" },
        { "AccountCategoriesUpdated", "AccountCategoriesUpdated" },
        { "Sync Connection Deleted", "SyncConnectionDeleted" },
        { "SyncConnectionDeleted", "SyncConnectionDeleted" },
        { "Sync Completed", "SyncCompleted" },
        { "SyncCompleted", "SyncCompleted" },
        { "Sync Failed", "SyncFailed" },
        { "SyncFailed", "SyncFailed" },
        { "Rate Limit Reached", "ClientRateLimitReached" },
        { "ClientRateLimitReached", "ClientRateLimitReached" },
        { "Rate Limit Reset", "ClientRateLimitReset" },
        { "ClientRateLimitReset", "ClientRateLimitReset" },
        { "Sync Started", "SyncStarted" },
    };

    // Reference §3: every event type that is not templated is its own canonical name.
    public static TheoryData<string> EventTypes => new()
    {
        "company.created", "company.deleted", "company.product.added", "company.product.removed",
        "connection.created", "connection.connected", "connection.disconnected", "connection.reconnected",
        "connection.failed", "connection.deleted", "read.completed", "read.completed.initial",
        "client.rateLimit.reached", "client.rateLimit.reset", "bankFeeds.sourceAccount.connected",
        "bankFeeds.sourceAccount.disconnected", "expenses.sync.successful", "expenses.sync.unsuccessful",
    };

    [Theory]
    [MemberData(nameof(LegacySpellings))]
    public void Resolve_maps_every_legacy_spelling_to_its_canonical_legacy_type(string spelling, string canonical)
    {
        // Arrange
        // Act
        var match = RuleTypes.Resolve(spelling);

        // Assert
        Assert.NotNull(match);
        Assert.Equal(canonical, match.RuleType.Name);
        Assert.Equal(AlertShape.Legacy, match.RuleType.Shape);
        Assert.Null(match.Qualifier);
    }

    [Theory]
    [MemberData(nameof(LegacySpellings))]
    public void Resolve_ignores_case_and_surrounding_whitespace(string spelling, string canonical)
    {
        // Arrange
        string[] variations = [spelling.ToUpperInvariant(), spelling.ToLowerInvariant(), $"  {spelling}\t"];

        // Act
        var names = variations.Select(v => RuleTypes.Resolve(v)?.RuleType.Name);

        // Assert
        Assert.All(names, name => Assert.Equal(canonical, name));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Resolve_maps_each_event_type_to_itself(string eventType)
    {
        // Arrange
        // Act
        var match = RuleTypes.Resolve(eventType.ToUpperInvariant());

        // Assert
        Assert.NotNull(match);
        Assert.Equal(eventType, match.RuleType.Name);
        Assert.Equal(AlertShape.Event, match.RuleType.Shape);
        Assert.Null(match.Qualifier);
    }

    [Theory]
    [InlineData("invoices.write.successful", "write.successful", "invoices")]
    [InlineData("bankTransactions.write.unsuccessful", "write.unsuccessful", "bankTransactions")]
    [InlineData("BILLS.WRITE.SUCCESSFUL", "write.successful", "BILLS")]
    [InlineData("reports.creditModel.generate.successful", "reports.generate.successful", "creditModel")]
    [InlineData("reports.spendAnalysis.generate.unsuccessful", "reports.generate.unsuccessful", "spendAnalysis")]
    [InlineData("report.categorizedBankStatement.generate.successful", "reports.generate.successful", "categorizedBankStatement")]
    public void Resolve_maps_a_templated_event_type_to_its_family_with_the_templated_part_as_qualifier(
        string eventType, string canonical, string qualifier)
    {
        // Arrange
        // Act
        var match = RuleTypes.Resolve(eventType);

        // Assert
        Assert.NotNull(match);
        Assert.Equal(canonical, match.RuleType.Name);
        Assert.Equal(qualifier, match.Qualifier);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Something Codat never sent")]
    [InlineData("Data sync completed!")]
    [InlineData(".write.successful")]
    [InlineData("a.b.write.successful")]
    [InlineData("bank transactions.write.successful")]
    [InlineData("reports.creditModel.generate.finished")]
    [InlineData("report.generate.successful")]
    [InlineData("connection.exploded")]
    public void Resolve_returns_null_for_a_name_Codat_has_never_used(string? raw)
    {
        // Arrange
        // Act
        var match = RuleTypes.Resolve(raw);

        // Assert
        Assert.Null(match);
    }

    [Fact]
    public void All_lists_each_canonical_type_once_legacy_first_and_each_resolves_to_itself()
    {
        // Arrange
        var all = RuleTypes.All;

        // Act
        var resolved = all.Select(t => RuleTypes.Resolve(t.Name)?.RuleType);

        // Assert
        Assert.Equal(14 + 22, all.Count);
        Assert.Equal(all.Count, all.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(14, all.TakeWhile(t => t.Shape == AlertShape.Legacy).Count());
        Assert.Equal(all, resolved!);
    }
}
