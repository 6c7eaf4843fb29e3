using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.Tests.Fakes;

/// <summary>
/// The app's real service graph built from settings, with storage replaced by a <see cref="RecordingEnqueuer"/> and
/// the clock by a <see cref="FakeTimeProvider"/>, so that the HTTP function can be driven without a host.
/// </summary>
internal sealed class IntakeHost : IDisposable
{
    public const string ClientA = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    public const string TokenA = "Bearer token-for-client-a";

    private readonly ServiceProvider _services;

    public IntakeHost(
        IDictionary<string, string?> settings,
        Action<ILoggingBuilder>? logging = null,
        Action<IServiceCollection>? replace = null)
    {
        var values = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging(builder => logging?.Invoke(builder))
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton<IAlertEnqueuer>(Enqueuer)
            .AddCodatAlerts(configuration)
            .AddSingleton<ReceiveAlert>();
        replace?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Client A, with one Bearer token.</summary>
    public static IntakeHost WithClientA(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Alerts:Clients:0:ClientId"] = ClientA,
            ["Alerts:Clients:0:Authorization:0"] = TokenA,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new IntakeHost(settings);
    }

    public RecordingEnqueuer Enqueuer { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _services;

    public Task<TestHttpResponseData> PostAsync(string body, params (string Name, string Value)[] headers) =>
        PostAsync(System.Text.Encoding.UTF8.GetBytes(body), CancellationToken.None, headers);

    /// <summary>Posts exactly <paramref name="body"/> (any bytes) under the invocation token <paramref name="cancellationToken"/>.</summary>
    public Task<TestHttpResponseData> PostAsync(byte[] body, CancellationToken cancellationToken, params (string Name, string Value)[] headers) =>
        PostAsync(new MemoryStream(body), cancellationToken, headers);

    /// <summary>Posts the body <paramref name="body"/> streams (which may fail or cancel as it is read).</summary>
    public async Task<TestHttpResponseData> PostAsync(Stream body, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        var context = FunctionContexts.For(nameof(ReceiveAlert), _services);
        var request = new TestHttpRequestData(context, body);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        var response = await _services.GetRequiredService<ReceiveAlert>().Run(request, cancellationToken);
        return (TestHttpResponseData)response;
    }

    public void Dispose() => _services.Dispose();
}
