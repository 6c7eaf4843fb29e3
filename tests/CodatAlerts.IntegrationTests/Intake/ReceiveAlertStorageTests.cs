using System.Text;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.IntegrationTests.Intake;

[Collection("Azurite")]
public sealed class ReceiveAlertStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_accepted_alert_is_on_its_clients_partition_queue_and_decodes_to_the_envelope()
    {
        // Arrange
        await using var app = IntakeApp.Start(azurite.ConnectionString);
        await QueueReader.DrainAsync(azurite.ConnectionString);
        var body = CodatSamples.WithFreshId(CodatSamples.Legacy["03-data-sync-completed"]);

        // Act
        var response = await app.PostAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = JsonSerializer.Deserialize<JsonElement>(response.ReadBody());
        var partitionQueue = QueueReader.Client(azurite.ConnectionString).GetQueueClient(
            AlertPartitions.QueueName(PartitionRouter.HashPartition(IntakeApp.ClientA)));
        var waiting = Assert.Single((await partitionQueue.PeekMessagesAsync(maxMessages: 32)).Value);
        Assert.True(waiting.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), "An accepted alert must never expire in its queue.");
        var (queue, envelope) = Assert.Single(await QueueReader.DrainAsync(azurite.ConnectionString));
        Assert.Equal(AlertPartitions.QueueName(PartitionRouter.HashPartition(IntakeApp.ClientA)), queue);
        Assert.Equal(accepted.GetProperty("ingestionId").GetString(), envelope.IngestionId);
        Assert.Equal(accepted.GetProperty("dedupKey").GetString(), envelope.DedupKey);
        Assert.Equal(IntakeApp.ClientA, envelope.ClientId);
        Assert.Equal("DataSyncCompleted", envelope.RuleType);
        Assert.Equal(AlertShape.Legacy, envelope.Shape);
        Assert.Equal(DeliveryMode.Legacy, envelope.Delivery);
        Assert.Equal(Encoding.UTF8.GetBytes(body), envelope.Body);
        Assert.Null(envelope.BodyBlob);
    }

    [Fact]
    public async Task A_body_too_large_for_a_message_travels_by_claim_check()
    {
        // Arrange
        await using var app = IntakeApp.Start(azurite.ConnectionString);
        await QueueReader.DrainAsync(azurite.ConnectionString);
        var tags = string.Join(',', Enumerable.Range(0, 4_000).Select(i => $"\"tag{i}\":\"value-{i}\""));
        var body = "{\"id\":\"" + Guid.NewGuid() + "\",\"eventType\":\"read.completed\",\"payload\":{\"referenceCompany\":{\"tags\":{" + tags + "}}}}";
        Assert.True(body.Length > 64 * 1024);

        // Act
        var response = await app.PostAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (_, envelope) = Assert.Single(await QueueReader.DrainAsync(azurite.ConnectionString));
        Assert.Null(envelope.Body);
        Assert.NotNull(envelope.BodyBlob);
        var blob = new BlobServiceClient(azurite.ConnectionString)
            .GetBlobContainerClient(AlertContainers.Bodies)
            .GetBlobClient(envelope.BodyBlob);
        Assert.Equal(body, (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task A_large_body_with_invalid_utf8_outside_its_identifying_fields_is_claim_checked_byte_exact()
    {
        // Arrange: 0xFF and a lone surrogate escape in a field the classifier skips; the alert can still be keyed.
        await using var app = IntakeApp.Start(azurite.ConnectionString);
        await QueueReader.DrainAsync(azurite.ConnectionString);
        byte[] filler = [.. Enumerable.Repeat((byte)'x', 70_000)];
        byte[] body =
        [
            .. Encoding.UTF8.GetBytes("{\"RuleType\":\"Data sync completed\",\"AlertId\":\"" + Guid.NewGuid() + "\",\"Note\":\""),
            0xFF, 0xC3, 0x28, .. "\\ud800"u8, .. filler, .. "\",\"Data\":{}}"u8,
        ];

        // Act
        var response = await app.PostAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (_, envelope) = Assert.Single(await QueueReader.DrainAsync(azurite.ConnectionString));
        var blob = new BlobServiceClient(azurite.ConnectionString)
            .GetBlobContainerClient(AlertContainers.Bodies)
            .GetBlobClient(envelope.BodyBlob);
        Assert.Equal(body, (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task An_envelope_that_cannot_fit_a_message_is_refused_before_its_claim_check_blob_is_written()
    {
        // Arrange: a dedup key no intake can produce (identifying values are bounded), and a body that needs a blob.
        await using var app = IntakeApp.Start(azurite.ConnectionString);
        var enqueuer = app.Services.GetRequiredService<IAlertEnqueuer>();
        var ingestionId = Guid.NewGuid().ToString("N");
        var envelope = new AlertEnvelope
        {
            Version = AlertEnvelope.CurrentVersion,
            IngestionId = ingestionId,
            ClientId = IntakeApp.ClientA,
            DedupKey = new string('k', 60_000),
            DedupKeySource = DedupKeySource.AlertId,
            RuleType = "DataSyncCompleted",
            RuleTypeKnown = true,
            Shape = AlertShape.Legacy,
            Delivery = DeliveryMode.Legacy,
            ReceivedAt = DateTimeOffset.UtcNow,
            Partition = 0,
            Body = new byte[60_000],
        };

        // Act
        var ex = await Record.ExceptionAsync(() => enqueuer.EnqueueAsync(envelope, CancellationToken.None));

        // Assert
        Assert.IsType<EnvelopeTooLargeException>(ex);
        var bodies = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(AlertContainers.Bodies);
        await bodies.CreateIfNotExistsAsync();
        Assert.False((await bodies.GetBlobClient($"{ingestionId}.json").ExistsAsync()).Value, "No orphaned claim-check blob.");
    }

    [Fact]
    public async Task A_thousand_alerts_from_eight_senders_across_five_clients_each_leave_exactly_one_message_in_their_partition()
    {
        // Arrange
        await using var app = IntakeApp.Start(azurite.ConnectionString);
        await QueueReader.DrainAsync(azurite.ConnectionString);
        string[] clients = [.. Enumerable.Range(1, 5).Select(i => new Guid(i, 1, 1, [1, 1, 1, 1, 1, 1, 1, (byte)i]).ToString())];
        var examples = CodatSamples.All.Select(s => s.Value).ToArray();
        var sent = new System.Collections.Concurrent.ConcurrentBag<(string Client, HttpStatusCode Status, string IngestionId)>();

        // Act
        await Parallel.ForEachAsync(
            Enumerable.Range(0, 1_000),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) =>
            {
                var client = clients[i % clients.Length];
                var response = await app.PostAsync(CodatSamples.WithFreshId(CodatSamples.ForClient(examples[i % examples.Length], client)), client);
                var id = response.StatusCode == HttpStatusCode.Accepted
                    ? JsonSerializer.Deserialize<JsonElement>(response.ReadBody()).GetProperty("ingestionId").GetString()!
                    : string.Empty;
                sent.Add((client, response.StatusCode, id));
            });

        // Assert
        Assert.All(sent, s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
        var messages = await QueueReader.DrainAsync(azurite.ConnectionString);
        Assert.Equal(1_000, messages.Count);
        var byIngestion = messages.ToDictionary(m => m.Envelope.IngestionId);
        Assert.All(sent, s =>
        {
            var (queue, envelope) = byIngestion[s.IngestionId];
            Assert.Equal(s.Client, envelope.ClientId);
            Assert.Equal(AlertPartitions.QueueName(PartitionRouter.HashPartition(s.Client)), queue);
        });
    }
}
