using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Fakes;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Issue 12 against Azurite: signed deliveries without <c>X-Codat-ClientId</c>, each client's consumer with a secret of
/// its own, land in their own client's partition and dedup scope, through the intake, the queues and processing.
/// </summary>
[Collection("Azurite")]
public sealed class ClientsIdentifiedBySignatureTests(AzuriteFixture azurite)
{
    private const int ClientCount = 5;

    /// <summary>Five listed client IDs that hash to five different partitions, so a shared partition cannot pass.</summary>
    private static readonly string[] Clients = [.. Enumerable.Range(0, 100)
        .Select(i => string.Create(CultureInfo.InvariantCulture, $"codat-client-{i:00}"))
        .DistinctBy(PartitionRouter.HashPartition)
        .Take(ClientCount)];

    private static readonly string[] Secrets = [.. Enumerable.Range(0, ClientCount)
        .Select(i => "whsec_" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"integration-secret-{i}"))))];

    [Fact]
    public async Task Five_clients_without_headers_each_land_in_their_own_partition_and_dedup_scope()
    {
        // Arrange: every client sends the same message id (the same dedup key), and each sends it twice.
        var settings = Enumerable.Range(0, ClientCount).SelectMany(i => new (string, string?)[]
        {
            ($"Alerts:Clients:{i}:ClientId", Clients[i].ToUpperInvariant()),
            ($"Alerts:Clients:{i}:SigningSecrets:0", Secrets[i]),
        }).ToArray();
        await using var app = await WholeApp.StartAsync(
            azurite, host => host with { VisibilityTimeout = TimeSpan.Zero }, [("Alerts:Processing:BusyRedeliveryDelay", "00:00:00"), .. settings]);
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        var body = CodatSamples.WithFreshId(CodatSamples.Events["read-completed"]);
        Assert.Equal(ClientCount, Clients.Select(PartitionRouter.HashPartition).Distinct().Count());

        // Act: every client's first copy is processed before the second copies arrive. Two copies of one alert in
        // flight at once would let one find the other's live claim and be re-sent (an extra, counted invocation).
        var answers = new List<(int Client, HttpStatusCode Status, int Partition)>();
        for (var copy = 0; copy < 2; copy++)
        {
            for (var i = 0; i < ClientCount; i++)
            {
                var response = await PostSignedAsync(app, Secrets[i], messageId, body);
                var partition = JsonSerializer.Deserialize<JsonElement>(response.ReadBody()).GetProperty("partition").GetInt32();
                answers.Add((i, response.StatusCode, partition));
            }

            await app.Host.RunUntilIdleAsync();
        }

        // Assert: accepted on the client's own partition, one completed record per client under its own name, and the
        // second copy of each a duplicate within that client's scope only.
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Accepted, PartitionRouter.HashPartition(Clients[a.Client])), (a.Status, a.Partition)));
        var store = app.Services.GetRequiredService<AlertRecordStore>();
        foreach (var client in Clients)
        {
            var record = await store.GetAsync(client, messageId, default);
            Assert.True(record is { State: AlertRecordState.Completed, Attempts: 1 }, $"{client}: {record}");
        }

        var records = app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(AlertContainers.Records);
        var names = new List<string>();
        await foreach (var blob in records.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.Metadata, Azure.Storage.Blobs.Models.BlobStates.None, prefix: null, CancellationToken.None))
        {
            names.Add(blob.Name);
            Assert.Equal("signature", blob.Metadata[AlertRecordMetadata.ClientIdSource]);
        }

        Assert.Equal(Clients.Select(c => AlertRecordName.For(c, messageId)).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(2 * ClientCount, app.Host.Succeeded);
        Assert.Equal(0, app.Host.Failed);
    }

    private static async Task<TestHttpResponseData> PostSignedAsync(WholeApp app, string secret, string messageId, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));
        var request = TestRequests.Alert(
            FunctionContexts.For(nameof(ReceiveAlert), app.Services),
            body,
            ("webhook-id", messageId),
            ("webhook-timestamp", timestamp),
            ("webhook-signature", signature));
        return (TestHttpResponseData)await app.Services.GetRequiredService<ReceiveAlert>().Run(request, CancellationToken.None);
    }
}
