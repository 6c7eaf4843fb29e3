using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using CodatAlerts.DependencyInjection;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// The intake's throughput into Azurite against the floor it cannot beat: a bare <c>QueueClient.SendMessageAsync</c>
/// loop sending the same envelope bytes into the same Azurite at the same concurrency. The ratio says what the intake
/// (body read, authentication, classification, routing, envelope) adds to the cost of the enqueue itself.
/// Rounds alternate bare and intake, so drift in the machine's load falls on both.
/// </summary>
internal static class IntakeLoadRun
{
    private const string ClientId = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    private const string Bearer = "Bearer 3kXv9c2lqzv0wQm1Yb8rJt7uHs5eN4aP";

    public static async Task<int> RunAsync(string[] args)
    {
        var alerts = Option(args, "--alerts", 5_000);
        var concurrency = Option(args, "--concurrency", 16);
        var rounds = Option(args, "--rounds", 3);

        await using var azurite = await AzuriteInstance.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Alerts:Clients:0:ClientId"] = ClientId,
            ["Alerts:Clients:0:Authorization:0"] = Bearer,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCodatAlerts(configuration).BuildServiceProvider();
        var intake = services.GetRequiredService<AlertIntake>();
        var queues = services.GetRequiredService<QueueServiceClient>();

        var bodies = CodatSamples.All.Select(s => CodatSamples.ForClient(s.Value, ClientId)).ToArray();
        var bodyBytes = Enumerable.Range(0, alerts)
            .Select(i => System.Text.Encoding.UTF8.GetBytes(CodatSamples.WithFreshId(bodies[i % bodies.Length])))
            .ToArray();
        var partition = PartitionRouter.HashPartition(ClientId);
        var bareQueue = queues.GetQueueClient(AlertPartitions.QueueName(partition));
        await bareQueue.CreateIfNotExistsAsync();

        // The bare loop sends what the intake would: the serialized envelope of a typical alert.
        var typical = await FirstEnvelopeAsync(intake, bodyBytes[0], azurite.ConnectionString, partition);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Intake vs bare enqueue into Azurite: {alerts} alerts per run, concurrency {concurrency}, {rounds} rounds, {Environment.ProcessorCount} cores"));
        Func<int, Task> bareSend = _ => bareQueue.SendMessageAsync(BinaryData.FromBytes(typical), null, TimeSpan.FromSeconds(-1));
        Func<int, Task> intakeSend = async i =>
        {
            var result = await intake.AcceptAsync(new AlertRequest(new MemoryStream(bodyBytes[i], writable: false), Headers.Instance), CancellationToken.None);
            if (result.StatusCode != 202)
            {
                throw new InvalidOperationException($"The intake answered {result.StatusCode} ({result.Reason}).");
            }
        };

        // Warm both paths (JIT, connection pool, Azurite) before anything is measured, so neither pays for it.
        await MeasureAsync("warm-up bare", Math.Min(alerts, 1_000), concurrency, bareSend);
        await MeasureAsync("warm-up intake", Math.Min(alerts, 1_000), concurrency, intakeSend);

        var results = new List<LoadResult>();
        for (var round = 1; round <= rounds; round++)
        {
            results.Add(await MeasureAsync($"bare SendMessageAsync, round {round}", alerts, concurrency, bareSend));
            results.Add(await MeasureAsync($"intake AcceptAsync, round {round}", alerts, concurrency, intakeSend));
        }

        Console.WriteLine();
        Console.WriteLine("| Run | Alerts | Alerts/s | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        results.ForEach(r => Console.WriteLine(r.Row()));
        var bare = results.Where(r => r.Name.StartsWith("bare", StringComparison.Ordinal)).Median(r => r.PerSecond);
        var viaIntake = results.Where(r => r.Name.StartsWith("intake", StringComparison.Ordinal)).Median(r => r.PerSecond);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median alerts/s: bare {bare:F0}, intake {viaIntake:F0}; intake / bare = {viaIntake / bare:F3}"));
        return 0;
    }

    private static async Task<byte[]> FirstEnvelopeAsync(AlertIntake intake, byte[] body, string connectionString, int partition)
    {
        var result = await intake.AcceptAsync(new AlertRequest(new MemoryStream(body), Headers.Instance), CancellationToken.None);
        if (result.StatusCode != 202)
        {
            throw new InvalidOperationException($"Set-up failed: the intake answered {result.StatusCode} ({result.Reason}).");
        }

        var queue = new QueueClient(connectionString, AlertPartitions.QueueName(partition), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var message = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return message.Body.ToArray();
    }

    private static async Task<LoadResult> MeasureAsync(string name, int count, int concurrency, Func<int, Task> send)
    {
        var latencies = new LatencyRecorder(count);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var start = Stopwatch.GetTimestamp();
            await send(i);
            latencies.Record(start);
        });
        var result = latencies.Summarise(name, Stopwatch.GetElapsedTime(started));
        Console.WriteLine(result.Row());
        return result;
    }

    private static double Median(this IEnumerable<LoadResult> results, Func<LoadResult, double> value)
    {
        var sorted = results.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class Headers : IRequestHeaders
    {
        public static readonly Headers Instance = new();

        public IReadOnlyList<string> GetValues(string name) => name switch
        {
            _ when name.Equals(CodatHeaders.ClientId, StringComparison.OrdinalIgnoreCase) => [ClientId],
            _ when name.Equals(CodatHeaders.Authorization, StringComparison.OrdinalIgnoreCase) => [Bearer],
            _ => [],
        };
    }
}
