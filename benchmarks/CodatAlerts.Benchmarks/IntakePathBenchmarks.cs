using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using CodatAlerts.DependencyInjection;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.Benchmarks;

/// <summary>
/// The intake path per alert without storage: read the body, authenticate, classify, route and build the envelope
/// (the enqueue is a no-op here; its cost against Azurite is measured by the load run). One legacy alert with a Bearer
/// token and one signed event envelope (Standard Webhooks HMAC).
/// </summary>
[MemoryDiagnoser]
public class IntakePathBenchmarks
{
    private const string ClientId = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    private const string Bearer = "Bearer 3kXv9c2lqzv0wQm1Yb8rJt7uHs5eN4aP";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_158_400);

    private ServiceProvider _services = null!;
    private AlertIntake _intake = null!;
    private byte[] _legacyBody = null!;
    private byte[] _signedBody = null!;
    private StaticHeaders _bearerHeaders = null!;
    private StaticHeaders _signedHeaders = null!;

    [GlobalSetup]
    public void Setup()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Alerts:Clients:0:ClientId"] = ClientId,
            ["Alerts:Clients:0:Authorization:0"] = Bearer,
            ["Alerts:Clients:0:SigningSecrets:0"] = "whsec_" + Convert.ToBase64String(secret),
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FixedTime(Now))
            .AddSingleton<IAlertEnqueuer, NullEnqueuer>()
            .AddCodatAlerts(configuration)
            .BuildServiceProvider();
        _intake = _services.GetRequiredService<AlertIntake>();

        _legacyBody = Encoding.UTF8.GetBytes(CodatSamples.Legacy["03-data-sync-completed"]);
        _signedBody = Encoding.UTF8.GetBytes(CodatSamples.Events["read-completed"]);
        _bearerHeaders = new StaticHeaders(("X-Codat-ClientId", ClientId), ("Authorization", Bearer));

        const string messageId = "msg_2pYzQ6b8Lk1VnW3xR7tUe5sA9dF";
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.").Concat(_signedBody).ToArray();
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret, signed));
        _signedHeaders = new StaticHeaders(
            ("X-Codat-ClientId", ClientId), ("webhook-id", messageId), ("webhook-timestamp", timestamp), ("webhook-signature", signature));

        // Fail loudly if a setup mistake would make the benchmark measure a refusal instead of an acceptance.
        foreach (var (body, headers) in new[] { (_legacyBody, _bearerHeaders), (_signedBody, _signedHeaders) })
        {
            var result = _intake.AcceptAsync(new AlertRequest(new MemoryStream(body), headers), CancellationToken.None).GetAwaiter().GetResult();
            if (result.StatusCode != 202)
            {
                throw new InvalidOperationException($"Benchmark setup is wrong: {result.StatusCode} {result.Reason}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "Legacy alert, Bearer")]
    public Task<IntakeResult> LegacyBearer() =>
        _intake.AcceptAsync(new AlertRequest(new MemoryStream(_legacyBody, writable: false), _bearerHeaders), CancellationToken.None);

    [Benchmark(Description = "Event envelope, signed")]
    public Task<IntakeResult> Signed() =>
        _intake.AcceptAsync(new AlertRequest(new MemoryStream(_signedBody, writable: false), _signedHeaders), CancellationToken.None);

    private sealed class NullEnqueuer : IAlertEnqueuer
    {
        private static readonly Task<EnqueueReceipt> Done = Task.FromResult(new EnqueueReceipt("codat-alerts-00", "m", false));

        public Task<EnqueueReceipt> EnqueueAsync(AlertEnvelope envelope, CancellationToken cancellationToken) => Done;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class StaticHeaders(params (string Name, string Value)[] headers) : IRequestHeaders
    {
        private readonly Dictionary<string, IReadOnlyList<string>> _headers =
            headers.ToDictionary(h => h.Name, h => (IReadOnlyList<string>)[h.Value], StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<string> GetValues(string name) => _headers.TryGetValue(name, out var values) ? values : [];
    }
}
