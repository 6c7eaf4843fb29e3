using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CodatAlerts.Testing.Azurite;
using CodatAlerts.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

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
    public async Task A_storage_endpoint_that_never_answers_gets_503_once_the_enqueue_budget_has_passed_on_the_apps_clock()
    {
        // Arrange: a listener that accepts connections and never responds, like a throttled or wedged endpoint. The
        // per-try time-out and retries alone would hold the request for a minute (6 tries of 10 s); only the enqueue
        // budget, which runs on the app's clock, ends it. The fake clock is moved on until the answer comes, so the test
        // does not depend on how fast this machine is, only that the answer comes long before the minute.
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var port = ((IPEndPoint)blackHole.LocalEndpoint).Port;
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["Alerts:Queueing:EnqueueBudget"] = "00:00:02",
            ["Alerts:Queueing:TryTimeout"] = "00:00:10",
            ["Alerts:Queueing:MaxRetries"] = "5",
        };
        await using var app = IntakeApp.Start(connection, settings, clock);
        var generous = Stopwatch.StartNew();

        // Act
        var posting = app.PostAsync(CodatSamples.WithFreshId(CodatSamples.Legacy["03-data-sync-completed"]));
        while (!posting.IsCompleted && generous.Elapsed < TimeSpan.FromSeconds(40))
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(posting, Task.Delay(50));
        }

        // Assert
        Assert.True(posting.IsCompleted, "The intake must answer once its budget has passed, not wait out the storage client's retries.");
        var response = await posting;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Header("Retry-After"));
        Assert.Contains("urn:codat-alerts:problem:enqueue-timeout", response.ReadBody(), StringComparison.Ordinal);
        Assert.True(clock.GetUtcNow() - new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero) >= TimeSpan.FromSeconds(2));
    }
}
