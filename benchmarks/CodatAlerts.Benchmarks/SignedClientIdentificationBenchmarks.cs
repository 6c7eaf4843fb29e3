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
/// The signed intake path (as <see cref="IntakePathBenchmarks"/>: enqueue excluded) for a deployment of 1, 10 and 100
/// clients, each with a signing secret of its own: without <c>X-Codat-ClientId</c>, which checks every client's secret,
/// and with the header, which checks the named client's only. The delivery is signed by the last client's secret;
/// which one does not matter, since every secret is checked.
/// </summary>
[MemoryDiagnoser]
public class SignedClientIdentificationBenchmarks
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_158_400);

    private ServiceProvider _services = null!;
    private AlertIntake _intake = null!;
    private byte[] _body = null!;
    private StaticHeaders _withoutHeader = null!;
    private StaticHeaders _withHeader = null!;

    [Params(1, 10, 100)]
    public int Clients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" };
        var secrets = new byte[Clients][];
        for (var i = 0; i < Clients; i++)
        {
            secrets[i] = RandomNumberGenerator.GetBytes(32);
            settings[string.Create(CultureInfo.InvariantCulture, $"Alerts:Clients:{i}:ClientId")] = ClientId(i);
            settings[string.Create(CultureInfo.InvariantCulture, $"Alerts:Clients:{i}:SigningSecrets:0")] = "whsec_" + Convert.ToBase64String(secrets[i]);
        }

        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FixedTime(Now))
            .AddSingleton<IAlertEnqueuer, NullEnqueuer>()
            .AddCodatAlerts(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        _intake = _services.GetRequiredService<AlertIntake>();

        _body = Encoding.UTF8.GetBytes(CodatSamples.Events["read-completed"]);
        const string messageId = "msg_2pYzQ6b8Lk1VnW3xR7tUe5sA9dF";
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.").Concat(_body).ToArray();
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(secrets[^1], signed));
        (string, string)[] webhook = [("webhook-id", messageId), ("webhook-timestamp", timestamp), ("webhook-signature", signature)];
        _withoutHeader = new StaticHeaders(webhook);
        _withHeader = new StaticHeaders([("X-Codat-ClientId", ClientId(Clients - 1)), .. webhook]);

        // Fail loudly if a setup mistake would make the benchmark measure a refusal instead of an acceptance.
        foreach (var headers in new[] { _withoutHeader, _withHeader })
        {
            var result = _intake.AcceptAsync(new AlertRequest(new MemoryStream(_body), headers), CancellationToken.None).GetAwaiter().GetResult();
            if (result.StatusCode != 202)
            {
                throw new InvalidOperationException($"Benchmark setup is wrong: {result.StatusCode} {result.Reason}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "Signed, X-Codat-ClientId names the client")]
    public Task<IntakeResult> WithHeader() =>
        _intake.AcceptAsync(new AlertRequest(new MemoryStream(_body, writable: false), _withHeader), CancellationToken.None);

    [Benchmark(Description = "Signed, no header: identified by its secret")]
    public Task<IntakeResult> WithoutHeader() =>
        _intake.AcceptAsync(new AlertRequest(new MemoryStream(_body, writable: false), _withoutHeader), CancellationToken.None);

    private static string ClientId(int index) => new Guid(index, 0x4a1e, 0x4c0d, [0x8a, 0x11, 0, 0, 0, 0, 0, 1]).ToString();

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
