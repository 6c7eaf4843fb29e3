using CodatAlerts.ConsoleTests.Browser;
using CodatAlerts.ConsoleTests.Hosting;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.ConsoleTests;

/// <summary>
/// One Azurite, one app and one chromium for every console test (a browser start costs seconds on two cores), with
/// the alerts of <see cref="Seed"/> delivered over HTTP to the real intake and processed.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    /// <summary>Where the app links trace ids (<c>Operators:TraceLinkTemplate</c>), as an operator would configure it.</summary>
    public const string TraceLinkTemplate = "https://portal.example/traces/{traceId}?source=codat-alerts";

    private readonly AzuriteFixture _azurite = new();

    // As Application Insights does in Azure: the app's spans are recorded, so each alert carries a trace id. For the
    // whole test process, like the exporter of a real host.
    private static readonly System.Diagnostics.ActivityListener Tracing = new()
    {
        ShouldListenTo = source => source.Name == CodatAlerts.Telemetry.TelemetryNames.Source,
        Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
    };
    private ConsoleApp? _app;
    private Chromium? _chromium;
    private OperationsPump? _pump;

    internal ConsoleApp App => _app ?? throw new InvalidOperationException("Not started.");

    internal Chromium Chromium => _chromium ?? throw new InvalidOperationException("Not started.");

    internal AzuriteFixture Azurite => _azurite;

    public async Task InitializeAsync()
    {
        System.Diagnostics.ActivitySource.AddActivityListener(Tracing);
        await _azurite.InitializeAsync();
        _app = await ConsoleApp.StartAsync(_azurite, reset: true, settings: ("Operators:TraceLinkTemplate", TraceLinkTemplate));
        await Seed.DeliverAsync(_app);
        _pump = await OperationsPump.StartAsync(_app.Services, _azurite.ConnectionString);
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_pump is not null)
        {
            await _pump.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition("Console")]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>;
