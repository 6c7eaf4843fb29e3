using CodatAlerts.Contract;
using CodatAlerts.Contract.Events;
using CodatAlerts.Contract.Legacy;
using CodatAlerts.Contract.Parsing;
using CodatAlerts.Processing.Handlers;
using CodatAlerts.Processing.Handlers.BuiltIn;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.Tests.Processing.Handlers;

public sealed class HandlerRegistrationTests
{
    [Fact]
    public async Task AddAlertHandlers_registers_exactly_one_built_in_handler_for_every_canonical_rule_type_even_when_called_twice()
    {
        // Arrange
        await using var host = new HandlerTestHost(services => services.AddAlertHandlers(), recordEveryAlert: false);

        // Act
        var handlerCounts = RuleTypes.All.ToDictionary(
            t => t.Name,
            t => host.Services.GetServices(typeof(IAlertHandler<>).MakeGenericType(AlertContracts.For(t)!.AlertType)).Count());

        // Assert
        Assert.All(handlerCounts, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task AddAlertHandler_adds_a_handler_that_runs_after_the_built_in_one()
    {
        // Arrange: the README example.
        await using var host = new HandlerTestHost(
            services => services.AddAlertHandler<LegacyAlert<DataSyncCompletedData>, RecordingHandler<LegacyAlert<DataSyncCompletedData>>>(),
            recordEveryAlert: false);

        // Act
        await host.DispatchAsync(CodatSamples.Legacy["03-data-sync-completed"]);

        // Assert
        Assert.Equal("creditNotes", host.Recorder.Single<LegacyAlert<DataSyncCompletedData>>().Alert.Data!.DataType);
        Assert.Contains(host.HandlerLogs, e => e.Category == typeof(DataSyncCompletedHandler).FullName);
    }

    [Fact]
    public async Task ReplaceAlertHandler_runs_the_new_handler_instead_of_the_built_in_one()
    {
        // Arrange
        await using var host = new HandlerTestHost(
            services => services.ReplaceAlertHandler<ConnectionDeletedEvent, RecordingHandler<ConnectionDeletedEvent>>(),
            recordEveryAlert: false);

        // Act
        await host.DispatchAsync(CodatSamples.Events["connection-deleted"]);

        // Assert
        Assert.Equal("Unlinked", host.Recorder.Single<ConnectionDeletedEvent>().Alert.Payload!.Connection!.Status);
        Assert.DoesNotContain(host.HandlerLogs, e => e.Category == typeof(ConnectionDeletedHandler).FullName);
    }

    [Fact]
    public async Task Adding_the_same_handler_twice_runs_it_once()
    {
        // Arrange
        await using var host = new HandlerTestHost(
            services => services
                .AddAlertHandler<CompanyCreatedEvent, RecordingHandler<CompanyCreatedEvent>>()
                .AddAlertHandler<CompanyCreatedEvent, RecordingHandler<CompanyCreatedEvent>>(),
            recordEveryAlert: false);

        // Act
        await host.DispatchAsync(CodatSamples.Events["company-created"]);

        // Assert
        Assert.Single(host.Recorder.Received);
    }

    [Fact]
    public void AddAlertHandler_refuses_a_type_no_rule_type_parses_to()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        var ex = Assert.Throws<ArgumentException>(() =>
            services.AddAlertHandler<CodatEvent<ConnectionPayload>, RecordingHandler<CodatEvent<ConnectionPayload>>>());

        // Assert
        Assert.Contains("not an alert type", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public async Task A_scoped_handler_gets_a_fresh_scope_per_alert_that_is_disposed_after_it()
    {
        // Arrange
        await using var host = new HandlerTestHost(services =>
        {
            services.AddScoped<UnitOfWork>();
            services.AddSingleton(new List<UnitOfWork>());
            services.AddAlertHandler<LegacyAlert<SyncFailedData>, UnitOfWorkHandler>();
        }, recordEveryAlert: false);

        // Act
        await host.DispatchAsync(CodatSamples.Legacy["11-sync-failed"]);
        await host.DispatchAsync(CodatSamples.WithFreshId(CodatSamples.Legacy["11-sync-failed"]));

        // Assert
        var units = host.Services.GetRequiredService<List<UnitOfWork>>();
        Assert.Equal(2, units.Count);
        Assert.NotSame(units[0], units[1]);
        Assert.All(units, u => Assert.True(u.Disposed));
    }

    private sealed class UnitOfWork : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class UnitOfWorkHandler(UnitOfWork unit, List<UnitOfWork> seen) : IAlertHandler<LegacyAlert<SyncFailedData>>
    {
        public Task HandleAsync(AlertContext<LegacyAlert<SyncFailedData>> alert, CancellationToken cancellationToken)
        {
            seen.Add(unit);
            return Task.CompletedTask;
        }
    }
}
