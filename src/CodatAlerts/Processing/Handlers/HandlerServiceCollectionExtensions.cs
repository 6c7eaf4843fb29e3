using CodatAlerts.Contract.Events;
using CodatAlerts.Contract.Legacy;
using CodatAlerts.Contract.Parsing;
using CodatAlerts.Processing.Handlers.BuiltIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodatAlerts.Processing.Handlers;

/// <summary>
/// Registers the dispatcher and the alert handlers. Each canonical rule type has one alert type, and each alert type
/// one built-in handler that logs and counts what the alert means. Add your own next to it, or replace it:
/// <code>
/// services.AddAlertHandlers();
/// services.AddAlertHandler&lt;LegacyAlert&lt;DataSyncCompletedData&gt;, RefreshLedger&gt;();   // runs after the built-in one
/// services.ReplaceAlertHandler&lt;ConnectionDeletedEvent, ArchiveCompany&gt;();             // runs instead of it
/// </code>
/// </summary>
public static class HandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAlertDispatcher"/> and the built-in handler of every rule type. Needs an
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (the Functions host registers one; elsewhere call
    /// <c>AddMetrics()</c>). Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddAlertHandlers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IAlertDispatcher, AlertDispatcher>();
        services.TryAddSingleton<AlertHandlerMetrics>();
        services.TryAddSingleton<UnreadableFieldMetrics>();

        // Legacy rules (reference §2.2).
        services.AddBuiltIn<LegacyAlert<DataConnectionStatusChangedData>, DataConnectionStatusChangedHandler>();
        services.AddBuiltIn<LegacyAlert<NewCompanySynchronizedData>, NewCompanySynchronizedHandler>();
        services.AddBuiltIn<LegacyAlert<DataSyncCompletedData>, DataSyncCompletedHandler>();
        services.AddBuiltIn<LegacyAlert<DatasetDataChangedData>, DatasetDataChangedHandler>();
        services.AddBuiltIn<LegacyAlert<DataSyncStatusChangedToErrorData>, DataSyncStatusChangedToErrorHandler>();
        services.AddBuiltIn<LegacyAlert<PushOperationStatusChangedData>, PushOperationStatusChangedHandler>();
        services.AddBuiltIn<LegacyAlert<PushOperationTimedOutData>, PushOperationTimedOutHandler>();
        services.AddBuiltIn<LegacyAlert<AccountCategoriesUpdatedData>, AccountCategoriesUpdatedHandler>();
        services.AddBuiltIn<LegacyAlert<SyncConnectionDeletedData>, SyncConnectionDeletedHandler>();
        services.AddBuiltIn<LegacyAlert<SyncCompletedData>, SyncCompletedHandler>();
        services.AddBuiltIn<LegacyAlert<SyncFailedData>, SyncFailedHandler>();
        services.AddBuiltIn<LegacyAlert<ClientRateLimitReachedData>, ClientRateLimitReachedHandler>();
        services.AddBuiltIn<LegacyAlert<ClientRateLimitResetData>, ClientRateLimitResetHandler>();
        services.AddBuiltIn<LegacyAlert<SyncStartedData>, SyncStartedHandler>();

        // Event types (reference §3).
        services.AddBuiltIn<CompanyCreatedEvent, CompanyCreatedHandler>();
        services.AddBuiltIn<CompanyDeletedEvent, CompanyDeletedHandler>();
        services.AddBuiltIn<CompanyProductAddedEvent, CompanyProductAddedHandler>();
        services.AddBuiltIn<CompanyProductRemovedEvent, CompanyProductRemovedHandler>();
        services.AddBuiltIn<ConnectionCreatedEvent, ConnectionCreatedHandler>();
        services.AddBuiltIn<ConnectionConnectedEvent, ConnectionConnectedHandler>();
        services.AddBuiltIn<ConnectionDisconnectedEvent, ConnectionDisconnectedHandler>();
        services.AddBuiltIn<ConnectionReconnectedEvent, ConnectionReconnectedHandler>();
        services.AddBuiltIn<ConnectionFailedEvent, ConnectionFailedHandler>();
        services.AddBuiltIn<ConnectionDeletedEvent, ConnectionDeletedHandler>();
        services.AddBuiltIn<ReadCompletedEvent, ReadCompletedHandler>();
        services.AddBuiltIn<ReadCompletedInitialEvent, ReadCompletedInitialHandler>();
        services.AddBuiltIn<WriteSuccessfulEvent, WriteSuccessfulHandler>();
        services.AddBuiltIn<WriteUnsuccessfulEvent, WriteUnsuccessfulHandler>();
        services.AddBuiltIn<ClientRateLimitReachedEvent, ClientRateLimitReachedEventHandler>();
        services.AddBuiltIn<ClientRateLimitResetEvent, ClientRateLimitResetEventHandler>();
        services.AddBuiltIn<BankFeedSourceAccountConnectedEvent, BankFeedSourceAccountConnectedHandler>();
        services.AddBuiltIn<BankFeedSourceAccountDisconnectedEvent, BankFeedSourceAccountDisconnectedHandler>();
        services.AddBuiltIn<ExpensesSyncSuccessfulEvent, ExpensesSyncSuccessfulHandler>();
        services.AddBuiltIn<ExpensesSyncUnsuccessfulEvent, ExpensesSyncUnsuccessfulHandler>();
        services.AddBuiltIn<ReportGenerateSuccessfulEvent, ReportGenerateSuccessfulHandler>();
        services.AddBuiltIn<ReportGenerateUnsuccessfulEvent, ReportGenerateUnsuccessfulHandler>();
        return services;
    }

    /// <summary>Adds <typeparamref name="THandler"/> to the handlers of <typeparamref name="TAlert"/>; all of them run,
    /// in registration order. Adding the same handler type twice registers it once.</summary>
    /// <typeparam name="TAlert">An alert type: <c>LegacyAlert&lt;…Data&gt;</c> or one of the <c>…Event</c> records.</typeparam>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="lifetime">Scoped by default: the dispatcher opens one scope per alert.</param>
    /// <exception cref="ArgumentException"><typeparamref name="TAlert"/> is not a type any rule type parses to, so the
    /// handler could never run.</exception>
    public static IServiceCollection AddAlertHandler<TAlert, THandler>(
        this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TAlert : class
        where THandler : class, IAlertHandler<TAlert>
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!AlertParser.IsAlertType(typeof(TAlert)))
        {
            throw new ArgumentException(
                $"{typeof(TAlert)} is not an alert type, so a handler of it would never run. Handle LegacyAlert<…Data> or one of the …Event records.",
                nameof(TAlert));
        }

        services.TryAddEnumerable(ServiceDescriptor.Describe(typeof(IAlertHandler<TAlert>), typeof(THandler), lifetime));
        return services;
    }

    /// <summary>Makes <typeparamref name="THandler"/> the only handler of <typeparamref name="TAlert"/>, removing the
    /// built-in one and any registered before. Call it after <see cref="AddAlertHandlers"/>.</summary>
    /// <typeparam name="TAlert">An alert type: <c>LegacyAlert&lt;…Data&gt;</c> or one of the <c>…Event</c> records.</typeparam>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="lifetime">Scoped by default: the dispatcher opens one scope per alert.</param>
    public static IServiceCollection ReplaceAlertHandler<TAlert, THandler>(
        this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TAlert : class
        where THandler : class, IAlertHandler<TAlert>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IAlertHandler<TAlert>>();
        return services.AddAlertHandler<TAlert, THandler>(lifetime);
    }

    // Built-in handlers hold only a logger and the metrics, so one instance serves every alert.
    private static void AddBuiltIn<TAlert, THandler>(this IServiceCollection services)
        where TAlert : class
        where THandler : class, IAlertHandler<TAlert> =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertHandler<TAlert>, THandler>());
}
