using System.Net;
using System.Net.Sockets;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.IntegrationTests.Intake;

/// <summary>Storage outages: each test owns its Azurite (or its black hole), so stopping it harms nobody else.</summary>
public sealed class ReceiveAlertOutageTests
{
    [Fact]
    public async Task With_Azurite_stopped_every_alert_is_answered_503_with_retry_after_and_none_is_reported_accepted()
    {
        // Arrange
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var healthy = IntakeApp.Start(azurite.ConnectionString);
        await using var app = IntakeApp.Start(azurite.ConnectionString, IntakeApp.FailFast);
        var before = await healthy.PostAsync(CodatSamples.WithFreshId(CodatSamples.Legacy["12-rate-limit-reached"]));
        var queued = await QueueReader.DrainAsync(azurite.ConnectionString);
        await azurite.StopAsync();

        // Act
        var during = new List<Testing.Fakes.TestHttpResponseData>();
        foreach (var body in CodatSamples.Legacy.Values.Take(3))
        {
            during.Add(await app.PostAsync(CodatSamples.WithFreshId(body)));
        }

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        Assert.Single(queued);
        Assert.All(during, response =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("10", response.Header("Retry-After"));
            Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_storage_endpoint_that_never_answers_gets_503_within_the_budget_not_a_hang()
    {
        // Arrange: a listener that accepts connections and never responds, like a throttled or wedged endpoint.
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var port = ((IPEndPoint)blackHole.LocalEndpoint).Port;
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        await using var app = IntakeApp.Start(connection, IntakeApp.FailFast);

        // Act
        var response = await app.PostAsync(CodatSamples.WithFreshId(CodatSamples.Legacy["03-data-sync-completed"]));

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Header("Retry-After"));
    }
}
