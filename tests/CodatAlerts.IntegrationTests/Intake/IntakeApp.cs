using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Testing.Fakes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.IntegrationTests.Intake;

/// <summary>
/// The app's real service graph (the same <c>AddCodatAlerts</c> the Functions host calls) against a real Azurite,
/// with the HTTP function invoked as the host would, minus the host.
/// </summary>
internal sealed class IntakeApp : IAsyncDisposable
{
    public const string Token = "Bearer integration-test-token";
    public const string ClientA = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";

    private readonly ServiceProvider _services;

    private IntakeApp(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    /// <summary>
    /// Settings for outage tests: give up quickly, so a test of a dead endpoint needs no long wait. Only for tests whose
    /// every answer is expected to be 503; on a loaded machine these would refuse healthy storage too.
    /// </summary>
    public static Dictionary<string, string?> FailFast { get; } = new()
    {
        ["Alerts:Queueing:EnqueueBudget"] = "00:00:03",
        ["Alerts:Queueing:TryTimeout"] = "00:00:01",
        ["Alerts:Queueing:MaxRetries"] = "1",
    };

    public static IntakeApp Start(string storageConnectionString, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Alerts:DefaultClient:Authorization:0"] = Token,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton(time ?? TimeProvider.System)
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCodatAlerts(configuration)
            .AddSingleton<ReceiveAlert>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new IntakeApp(services);
    }

    /// <summary>Delivers <paramref name="body"/> to the HTTP function, as Codat's legacy sender would.</summary>
    public Task<TestHttpResponseData> PostAsync(string body, string? clientId = ClientA, string? authorization = Token) =>
        PostAsync(System.Text.Encoding.UTF8.GetBytes(body), clientId, authorization);

    /// <summary>Delivers exactly the bytes <paramref name="body"/> (which need not be valid UTF-8).</summary>
    public async Task<TestHttpResponseData> PostAsync(byte[] body, string? clientId = ClientA, string? authorization = Token)
    {
        var context = FunctionContexts.For(nameof(ReceiveAlert), _services);
        var headers = new List<(string, string)>();
        if (clientId is not null)
        {
            headers.Add(("X-Codat-ClientId", clientId));
        }

        if (authorization is not null)
        {
            headers.Add(("Authorization", authorization));
        }

        var request = new TestHttpRequestData(context, new MemoryStream(body));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        var function = _services.GetRequiredService<ReceiveAlert>();
        return (TestHttpResponseData)await function.Run(request, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
