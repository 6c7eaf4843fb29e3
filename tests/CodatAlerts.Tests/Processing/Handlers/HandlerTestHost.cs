using System.Text;
using CodatAlerts.Processing.Handlers;
using CodatAlerts.Processing;
using CodatAlerts.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Tests.Processing.Handlers;

/// <summary>
/// A container as the Functions app builds it (logging, metrics, <c>AddAlertHandlers</c>), plus a recording handler
/// for every alert type and a recording logger, validated like a host validates in development.
/// </summary>
internal sealed class HandlerTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public HandlerTestHost(Action<IServiceCollection>? configure = null, bool recordEveryAlert = true)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddMetrics();
        services.AddSingleton(Recorder);
        services.AddAlertHandlers();
        if (recordEveryAlert)
        {
            services.AddSingleton(typeof(IAlertHandler<>), typeof(RecordingHandler<>));
        }

        configure?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public RecordingLoggerProvider Logs { get; } = new();

    public AlertRecorder Recorder { get; } = new();

    public IServiceProvider Services => _provider;

    public IAlertDispatcher Dispatcher => _provider.GetRequiredService<IAlertDispatcher>();

    public Task<DispatchOutcome> DispatchAsync(string body, string? webhookId = null) =>
        Dispatcher.DispatchAsync(EnvelopeBuilder.For(body, webhookId), Encoding.UTF8.GetBytes(body), CancellationToken.None);

    /// <summary>The log events of built-in handlers and the dispatcher (event ids 350–399).</summary>
    public IReadOnlyList<RecordedLog> HandlerLogs => [.. Logs.Records.Where(e => e.EventId.Id is >= 350 and <= 399)];

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
